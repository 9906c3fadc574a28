"""The workshop side panel: four steps with Back and Next, from a customer group to a manager's
commitment answering what the people at a touchpoint need.

The small organisation: Ann (A) <- Bob (B, Rooms), Cy (C, Kitchen); Bob <- Di, Ed, Flo (Rooms);
Cy <- Gil (Kitchen). Customers: Guests, Companies.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from pyramid_app.model.customers import Importance, NeedKind
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.customers_ui import CustomersPart
from pyramid_app.ui.plan.workshop_panel import WorkshopPanel


def open_workshop(window: MainWindow, qtbot) -> tuple[CustomersPart, WorkshopPanel]:  # type: ignore[no-untyped-def]
    part = window.customers_part  # type: ignore[attr-defined]
    action = part.workshop_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+W")
    assert action in window.findChildren(type(action))
    action.trigger()
    qtbot.waitUntil(part.workshop.isVisible)
    return part, part.workshop


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_next_and_back_walk_through_the_four_steps(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _part, workshop = open_workshop(shown_small, qtbot)
    assert workshop.step == 0
    assert not workshop.back_button.isEnabled()
    assert "Who is the customer?" in workshop.title.text()
    assert workshop.segments.count() == 2
    titles = []
    for step in (1, 2, 3):
        click(qtbot, workshop.next_button)
        assert workshop.step == step
        assert workshop.pages.currentIndex() == step
        assert workshop.position.text() == f"Step {step + 1} of 4"
        titles.append(workshop.title.text())
    assert titles == [
        "2. Walk through their day",
        "3. What do our people need?",
        "4. Who will commit to it?",
    ]
    assert not workshop.next_button.isEnabled()
    # No customer chosen yet: each step says so instead of showing an empty list.
    assert "Choose a customer group first" in workshop.commit_intro.text()
    click(qtbot, workshop.back_button)
    click(qtbot, workshop.back_button)
    assert workshop.step == 1
    assert "Choose a customer group first" in workshop.day_intro.text()
    assert not workshop.add_touchpoint_button.isEnabled()
    # The workshop's type is bigger than the window's.
    assert workshop.font().pointSizeF() > shown_small.font().pointSizeF() * 1.2


def test_from_a_customer_to_a_commitment_answering_a_need(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part, workshop = open_workshop(window, qtbot)
    project = window.project
    assert project is not None

    # 1: the customer.
    rect = workshop.segments.visualItemRect(workshop.segments.item(0))
    qtbot.mouseClick(workshop.segments.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert part.focus.segment == "Guests"
    assert window.view.bands.chosen_segment == "Guests"
    click(qtbot, workshop.next_button)

    # 2: their day, and who stands at the touchpoint.
    assert "Guests" in workshop.day_intro.text()
    qtbot.keyClicks(workshop.new_touchpoint, "Checks in")
    qtbot.keyClick(workshop.new_touchpoint, Qt.Key.Key_Return)
    (touchpoint,) = project.customer_map.segment("Guests").touchpoints  # type: ignore[union-attr]
    assert workshop.day_list.currentItem().text().startswith("1. Checks in")
    rules = workshop.day_rules
    assert rules.isVisible()
    rules.value.setCurrentIndex(rules.value.findData("Rooms"))
    click(qtbot, rules.add_button)
    assert window.view.highlighted is not None and len(window.view.highlighted) == 3
    click(qtbot, workshop.next_button)

    # 3: what they need, typed in the "have" line.
    assert workshop.needs_list.currentItem().text().startswith("1. Checks in")
    editor = workshop.needs_editor
    editor.new_importance.setCurrentIndex(editor.new_importance.findData(Importance.MUST))
    qtbot.keyClicks(editor.new_text[NeedKind.HAVE], "a tablet that stays signed in")
    qtbot.keyClick(editor.new_text[NeedKind.HAVE], Qt.Key.Key_Return)
    (need,) = project.customer_map.touchpoint(touchpoint.id).needs  # type: ignore[union-attr]
    assert (need.kind, need.importance) == (NeedKind.HAVE, Importance.MUST)
    assert editor.row(need.id) is not None
    click(qtbot, workshop.next_button)

    # 4: the open need, the managers of the people there (nearest first), one click.
    assert workshop.open_needs.count() == 1
    assert need.text in workshop.open_needs.item(0).text()
    managers = [workshop.managers_list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(workshop.managers_list.count())]  # fmt: skip
    assert managers == ["B", "A"]
    assert "3 of them report to them" in workshop.managers_list.item(0).text()
    assert workshop.wording.text() == "Make sure my team has a tablet that stays signed in"
    assert workshop.commit_button.text() == "Add commitment for Bob Baker"
    workshop.wording.selectAll()
    qtbot.keyClicks(workshop.wording, "Keep a signed-in tablet at the desk")
    click(qtbot, workshop.commit_button)
    (commitment,) = project.plan.of_manager("B")
    assert commitment.text == "Keep a signed-in tablet at the desk"
    assert commitment.needs == (need.id,)
    assert workshop.open_needs.count() == 0
    assert "Every need of Guests" in workshop.commit_intro.text()
    assert "Added" in workshop.done.text()

    window.undo_stack.undo()
    assert project.plan.of_manager("B") == []
    assert workshop.open_needs.count() == 1
    # Another manager, the words as offered: one click.
    workshop.managers_list.setCurrentRow(1)
    assert window.state.selected == "A"  # the chosen manager is shown on the pyramid
    click(qtbot, workshop.commit_button)
    (commitment,) = project.plan.of_manager("A")
    assert commitment.text == "Make sure my team has a tablet that stays signed in"
    assert commitment.needs == (need.id,)


def test_window_options_open_a_journey_a_touchpoint_and_the_workshop(
    shown_small: MainWindow,
) -> None:
    from pyramid_app.cli import build_window_parser
    from pyramid_app.model.customer_commands import add_touchpoint
    from pyramid_app.ui.app import show_customers

    window = shown_small
    args = build_window_parser().parse_args(
        ["--journey", "Guests", "--touchpoint", "T-001", "--workshop", "4"]
    )
    assert (args.journey, args.touchpoint, args.workshop) == ("Guests", "T-001", 4)
    command = add_touchpoint(
        window.project, "Companies", "Orders lunch", rules=[("department", "Kitchen")]
    )  # type: ignore[arg-type]
    assert window.push(command)
    part = window.customers_part  # type: ignore[attr-defined]

    show_customers(window, "Nobody", None, None)
    assert "no customer segment 'Nobody'" in window.statusBar().currentMessage()
    show_customers(window, "Guests", None, None)
    assert part.journey_dock.isVisible() and part.focus.segment == "Guests"
    show_customers(window, None, command.touchpoint.id, 3)
    assert part.focus.segment == "Companies"
    assert window.view.highlighted is not None and len(window.view.highlighted) == 1
    assert part.workshop.isVisible() and part.workshop.step == 2
