"""The customer journey: the top band opens it, touchpoints and rules light people, needs and
the commitments answering them, the dashboard's needs table, undo everywhere.

The small organisation: Ann (A) <- Bob (B, Rooms), Cy (C, Kitchen); Bob <- Di, Ed (both
Receptionist), Flo (Porter), all Rooms; Cy <- Gil (Chef, Kitchen). Customers: Guests, Companies.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

from pyramid_app.model.commands import add_commitment
from pyramid_app.model.customer_commands import add_need, add_touchpoint
from pyramid_app.model.customers import Importance, NeedKind, RuleField, ServeRule
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.customers_ui import CustomersPart


def part_of(window: MainWindow) -> CustomersPart:
    part = window.customers_part  # type: ignore[attr-defined]
    assert isinstance(part, CustomersPart)
    return part


def band_point(window: MainWindow, segment: str) -> QPoint:
    """The pixel of the view's viewport at the middle of a segment of the customer band."""
    view = window.view
    centre = view.segment_centre(segment)
    assert centre is not None, f"{segment} is not in the band"
    scene = view.view_box.mapViewToScene(centre)
    return view.mapFromScene(scene)


def person_point(window: MainWindow, person_id: str) -> QPoint:
    node = window.node_of(person_id)
    layout = window.layout_
    assert node is not None and layout is not None
    scene = window.view.view_box.mapViewToScene(QPointF(layout.x[node], layout.y[node]))
    return window.view.mapFromScene(scene)


def lit_names(window: MainWindow) -> set[str]:
    lit = window.view.highlighted
    chart = window.view.data.chart  # type: ignore[union-attr]
    return set() if lit is None else {chart.names[int(i)] for i in lit}


def new_touchpoint(window: MainWindow, segment: str, name: str, *rules: tuple[str, str]) -> str:
    command = add_touchpoint(window.project, segment, name, rules=rules)  # type: ignore[arg-type]
    assert window.push(command)
    return command.touchpoint.id


def test_a_click_on_a_segment_of_the_band_opens_its_journey(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part = part_of(window)
    assert not part.journey_dock.isVisible()
    with qtbot.waitSignal(window.view.segment_clicked) as clicked:
        qtbot.mouseClick(
            window.view.viewport(), Qt.MouseButton.LeftButton, pos=band_point(window, "Companies")
        )
    assert clicked.args == ["Companies"]
    qtbot.waitUntil(part.journey_dock.isVisible)
    assert part.focus.segment == "Companies"
    assert part.journey.segment_box.currentText() == "Companies"
    assert part.journey.segment_name.text() == "Companies"
    assert window.view.bands.chosen_segment == "Companies"

    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=band_point(window, "Guests")
    )
    assert part.journey.segment_box.currentText() == "Guests"
    assert "A day of Guests" in part.journey.day_title.text()
    # A person is not a segment: clicking Di selects her and keeps the journey.
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=person_point(window, "D")
    )
    assert window.state.selected == "D"
    assert part.focus.segment == "Guests"


def test_a_touchpoint_typed_in_the_journey_is_saved_and_undone(
    shown_small: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part = part_of(window)
    part.open_segment("Guests")
    journey = part.journey
    qtbot.keyClicks(journey.new_touchpoint, "Checks in")
    qtbot.keyClick(journey.new_touchpoint, Qt.Key.Key_Return)
    segment = window.project.customer_map.segment("Guests")  # type: ignore[union-attr]
    assert [t.name for t in segment.touchpoints] == ["Checks in"]
    touchpoint_id = segment.touchpoints[0].id
    assert part.focus.touchpoint == touchpoint_id
    assert journey.touchpoints.ids() == [touchpoint_id]
    assert journey.touchpoints.item(0).text().startswith("1. Checks in")
    assert journey.new_touchpoint.text() == ""
    assert journey.detail.isVisible()

    qtbot.keyClicks(journey.new_touchpoint, "Has breakfast")
    journey.add_touchpoint_button.click()
    names = [t.name for t in window.project.customer_map.segment("Guests").touchpoints]  # type: ignore[union-attr]
    assert names == ["Checks in", "Has breakfast"]
    journey.touchpoint_up.click()  # the new one is chosen: it moves before checking in
    names = [t.name for t in window.project.customer_map.segment("Guests").touchpoints]  # type: ignore[union-attr]
    assert names == ["Has breakfast", "Checks in"]
    assert journey.touchpoints.item(0).text().startswith("1. Has breakfast")

    window.undo_stack.undo()  # the move
    window.undo_stack.undo()  # breakfast
    window.undo_stack.undo()  # checking in
    assert window.project.customer_map.segment("Guests").touchpoints == ()  # type: ignore[union-attr]
    assert part.focus.touchpoint is None
    assert journey.touchpoints.count() == 0
    assert not journey.detail.isVisible()
    window.undo_stack.redo()
    assert journey.touchpoints.ids() == [touchpoint_id]


def test_a_department_rule_lights_the_people_at_the_touchpoint(
    shown_small: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part = part_of(window)
    touchpoint_id = new_touchpoint(window, "Guests", "Checks in")
    part.show_touchpoint(touchpoint_id)
    rules = part.journey.rules
    assert "Nobody stands here yet" in rules.total.text()
    assert window.view.highlighted is None
    offered = [rules.value.itemData(i) for i in range(rules.value.count())]
    assert offered == ["Rooms", "Kitchen"]  # the front line's departments, most people first
    rules.value.setCurrentIndex(rules.value.findData("Rooms"))
    qtbot.mouseClick(rules.add_button, Qt.MouseButton.LeftButton)
    touchpoint = window.project.customer_map.touchpoint(touchpoint_id)  # type: ignore[union-attr]
    assert touchpoint.rules == (ServeRule(RuleField.DEPARTMENT, "Rooms"),)
    assert lit_names(window) == {"Di Dunn", "Ed Eng", "Flo Fox"}
    assert rules.counts == [3]
    assert "Served by 3 people" in rules.total.text()
    # The others fade while people are lit, whatever the colouring.
    for colour_by in ("department", "coverage"):
        window.set_colour_by(colour_by)
        data = window.view.data
        assert data is not None
        d, g = window.node_of("D"), window.node_of("G")
        assert data.paint_argb[d] == data.argb[d]
        assert data.paint_argb[g] != data.argb[g]

    # A rule that matches nobody is said so; it lights no one more.
    rules.field.setCurrentIndex(rules.field.findData(RuleField.TITLE))
    qtbot.keyClicks(rules.value.lineEdit(), "Sommelier")
    qtbot.keyClick(rules.value.lineEdit(), Qt.Key.Key_Return)
    assert rules.counts == [3, 0]
    assert "matches nobody" in rules.rows.itemAt(1).widget().findChildren(QLabel)[0].text()
    assert lit_names(window) == {"Di Dunn", "Ed Eng", "Flo Fox"}

    # Inside Cy's team nobody of the touchpoint is shown; back on the whole organisation they are.
    window.focus_on_team(window.node_of("C"))
    assert lit_names(window) == set()
    window.leave_focus()
    assert lit_names(window) == {"Di Dunn", "Ed Eng", "Flo Fox"}
    window.focus_on_team(window.node_of("B"))
    assert lit_names(window) == {"Di Dunn", "Ed Eng", "Flo Fox"}
    window.leave_focus()

    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.view.highlighted is None
    data = window.view.data
    assert data is not None and (data.paint_argb == data.argb).all()
    part.focus.choose_touchpoint(None)
    window.undo_stack.redo()
    assert window.view.highlighted is None  # nothing chosen, nothing lit


def choose_need_in_editor(window: MainWindow, need_id: str) -> None:
    """Tick a need in the commitment editor's "Answers" menu, as a click on it does."""
    editor = window.commitments_panel.editor  # type: ignore[attr-defined]
    editor.fill_needs_menu()
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu())  # type: ignore[arg-type]
            elif action.data() == need_id:
                found.append(action)

    walk(editor.needs_menu)
    assert len(found) == 1
    found[0].trigger()


def needs_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """(need, kind, answered by) as the dashboard's needs table shows them."""
    model = part_of(window).needs_table.model
    return [
        (model.index(r, 0).data(), model.index(r, 1).data(), model.index(r, 3).data())
        for r in range(model.rowCount())
    ]


def test_a_must_need_is_open_until_a_commitment_picked_in_the_editor_answers_it(
    shown_small: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part = part_of(window)
    touchpoint_id = new_touchpoint(window, "Guests", "Checks in", ("department", "Rooms"))
    part.show_touchpoint(touchpoint_id)
    needs = part.journey.needs
    needs.new_kind.setCurrentIndex(needs.new_kind.findData(NeedKind.HAVE))
    needs.new_importance.setCurrentIndex(needs.new_importance.findData(Importance.MUST))
    qtbot.keyClicks(needs.new_text[None], "a tablet that stays signed in")
    needs.add_button.click()
    (need,) = window.project.customer_map.touchpoint(touchpoint_id).needs  # type: ignore[union-attr]
    assert (need.text, need.kind, need.importance) == (
        "a tablet that stays signed in", NeedKind.HAVE, Importance.MUST,
    )  # fmt: skip
    assert "not answered" in needs.row(need.id).answered.text()  # type: ignore[union-attr]

    window.coverage_dock.show()
    dashboard = window.coverage_dashboard
    qtbot.waitUntil(dashboard.isVisible)
    assert needs_rows(window) == [("a tablet that stays signed in", "must · have", "not answered")]
    assert "1 must open" in dashboard.tabs.tabText(1)

    assert window.push(add_commitment(window.project, "B", "Keep the desk equipped"))
    window.select_person("B")
    panel = window.commitments_panel
    assert "no touchpoint need" in panel.editor.needs_label.text()
    choose_need_in_editor(window, need.id)
    (commitment,) = window.project.plan.of_manager("B")
    assert commitment.needs == (need.id,)
    assert needs_rows(window) == [("a tablet that stays signed in", "must · have", "Bob Baker")]
    assert "Bob Baker" in needs.row(need.id).answered.text()  # type: ignore[union-attr]
    assert "a tablet that stays signed in" in panel.editor.needs_label.text()
    assert panel.list.item(0).data(Qt.ItemDataRole.UserRole).needs == (
        "a tablet that stays signed in",
    )

    window.undo_stack.undo()
    assert window.project.plan.of_manager("B")[0].needs == ()
    assert needs_rows(window) == [("a tablet that stays signed in", "must · have", "not answered")]
    assert "not answered" in needs.row(need.id).answered.text()  # type: ignore[union-attr]
    window.undo_stack.redo()
    assert needs_rows(window)[0][2] == "Bob Baker"


def test_a_row_of_the_needs_table_opens_its_touchpoint_and_lights_its_people(
    shown_small: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part = part_of(window)
    desk = new_touchpoint(window, "Guests", "Checks in", ("title", "Receptionist"))
    dinner = new_touchpoint(window, "Guests", "Has dinner", ("department", "Kitchen"))
    assert window.push(add_need(window.project, desk, "a guest list", "have", "should"))
    assert window.push(add_need(window.project, dinner, "the day's menu", "have", "must"))
    window.coverage_dock.show()
    window.coverage_dashboard.show_needs()
    table = part.needs_table.table
    qtbot.waitUntil(table.isVisible)
    # The open must-need comes first.
    assert [row[0] for row in needs_rows(window)] == ["the day's menu", "a guest list"]
    for row, touchpoint_id, people in ((0, dinner, {"Gil Gray"}), (1, desk, {"Di Dunn", "Ed Eng"})):
        rect = table.visualRect(part.needs_table.model.index(row, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert part.focus.touchpoint == touchpoint_id
        assert lit_names(window) == people
        assert part.journey_dock.isVisible()
        assert (
            part.journey.touchpoints.currentItem().data(Qt.ItemDataRole.UserRole) == touchpoint_id
        )


def test_segments_edited_in_the_journey_redraw_the_band(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part = part_of(window)
    part.open_segment("Guests")
    journey = part.journey
    band = lambda: [s.label for s in window.layout_.customer_segments]  # noqa: E731
    journey.segment_name.clear()
    qtbot.keyClicks(journey.segment_name, "Hotel guests")
    qtbot.keyClick(journey.segment_name, Qt.Key.Key_Return)
    assert window.project.customers == ["Hotel guests", "Companies"]
    assert band() == ["Hotel guests", "Companies"]
    assert part.focus.segment == "Hotel guests"
    assert window.view.bands.chosen_segment == "Hotel guests"
    qtbot.keyClicks(journey.segment_about, "Couples and families on a break")
    qtbot.keyClick(journey.segment_about, Qt.Key.Key_Return)
    journey.segment_share.setValue(55)
    journey.segment_share.editingFinished.emit()
    segment = window.project.customer_map.segment("Hotel guests")  # type: ignore[union-attr]
    assert (segment.description, segment.share) == ("Couples and families on a break", 0.55)
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert journey.segment_about.text() == ""
    assert journey.segment_share.text() == "unknown"
    journey.segment_right.click()
    assert band() == ["Companies", "Hotel guests"]
    qtbot.keyClicks(journey.new_segment, "Walk-in diners")
    qtbot.keyClick(journey.new_segment, Qt.Key.Key_Return)
    assert band() == ["Companies", "Hotel guests", "Walk-in diners"]
    assert journey.segment_box.currentText() == "Walk-in diners"
    journey.segment_remove.click()
    assert band() == ["Companies", "Hotel guests"]
    assert part.focus.segment is None

    window.undo_stack.undo()  # the removal
    assert band() == ["Companies", "Hotel guests", "Walk-in diners"]
    window.undo_stack.undo()  # the addition
    window.undo_stack.undo()  # the move
    part.focus.choose_segment("Hotel guests")
    window.undo_stack.undo()  # the rename: the journey stays on the segment
    assert band() == ["Guests", "Companies"]
    assert part.focus.segment == "Guests"
    assert journey.segment_name.text() == "Guests"
    assert window.view.bands.chosen_segment == "Guests"


def test_needs_are_edited_moved_and_removed_in_their_rows(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part = part_of(window)
    touchpoint_id = new_touchpoint(window, "Guests", "Checks in", ("department", "Rooms"))
    assert window.push(add_need(window.project, touchpoint_id, "a guest list", "have", "should"))
    assert window.push(add_need(window.project, touchpoint_id, "smile", "do", "nice"))
    part.show_touchpoint(touchpoint_id)
    needs = part.journey.needs

    def saved() -> list[tuple[str, str, str]]:
        touchpoint = window.project.customer_map.touchpoint(touchpoint_id)  # type: ignore[union-attr]
        return [(n.text, n.kind.value, n.importance.value) for n in touchpoint.needs]

    first, second = (row.need.id for row in needs.need_rows)
    row = needs.row(second)
    row.text.selectAll()
    qtbot.keyClicks(row.text, "welcoming, whatever the queue")
    qtbot.keyClick(row.text, Qt.Key.Key_Return)
    index = row.kind.findData(NeedKind.BE)
    row.kind.setCurrentIndex(index)
    row.kind.activated.emit(index)
    assert saved() == [
        ("a guest list", "have", "should"),
        ("welcoming, whatever the queue", "be", "nice"),
    ]
    row.up.click()
    assert saved()[0][0] == "welcoming, whatever the queue"
    assert [r.need.id for r in needs.need_rows] == [second, first]
    assert needs.need_rows[0].text.text() == "welcoming, whatever the queue"
    needs.row(first).remove.click()
    assert saved() == [("welcoming, whatever the queue", "be", "nice")]
    # Emptied words are refused and the saved ones come back.
    row = needs.row(second)
    row.text.clear()
    qtbot.keyClick(row.text, Qt.Key.Key_Return)
    assert "needs some text" in window.edit_failure_box.text()
    assert row.text.text() == "welcoming, whatever the queue"

    for _step in range(4):
        window.undo_stack.undo()
    assert saved() == [("a guest list", "have", "should"), ("smile", "do", "nice")]
    assert [r.text.text() for r in needs.need_rows] == ["a guest list", "smile"]


def test_a_person_found_by_name_serves_the_touchpoint(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part = part_of(window)
    part.show_touchpoint(new_touchpoint(window, "Companies", "Orders lunch"))
    rules = part.journey.rules
    rules.field.setCurrentIndex(rules.field.findData(RuleField.PERSON))
    assert rules.person.isVisible() and not rules.value.isVisible()
    qtbot.keyClicks(rules.person, "Gil")
    qtbot.keyClick(rules.person, Qt.Key.Key_Return)  # the best match, as the search box does
    assert lit_names(window) == {"Gil Gray"}
    assert "person Gil Gray (G)" in rules.rows.itemAt(0).widget().findChildren(QLabel)[0].text()
    # A manager serves through their reports, not at a touchpoint: refused, said why.
    qtbot.keyClicks(rules.person, "Bob")
    qtbot.keyClick(rules.person, Qt.Key.Key_Return)
    assert "front-line" in window.edit_failure_box.text()
    assert lit_names(window) == {"Gil Gray"}


def test_without_segments_the_band_opens_a_journey_that_adds_the_first(
    window: MainWindow, xlsx_file, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from pyramid_app.io import read_org
    from spreadsheets import SMALL_ORG

    window.show_result(read_org(xlsx_file(sheets={"People": SMALL_ORG})))
    part = part_of(window)
    assert [s.label for s in window.layout_.customer_segments] == ["Customers"]
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=band_point(window, "Customers")
    )
    qtbot.waitUntil(part.journey_dock.isVisible)
    journey = part.journey
    assert journey.no_segments.isVisible()
    assert not journey.day.isVisible()
    qtbot.keyClicks(journey.new_segment, "Hotel guests")
    qtbot.keyClick(journey.new_segment, Qt.Key.Key_Return)
    assert [s.label for s in window.layout_.customer_segments] == ["Hotel guests"]
    assert journey.day.isVisible() and not journey.no_segments.isVisible()
    window.undo_stack.undo()
    assert [s.label for s in window.layout_.customer_segments] == ["Customers"]
    assert journey.no_segments.isVisible()


def test_closing_the_journey_puts_the_lights_out(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    part = part_of(window)
    assert part.journey_action.shortcut().toString() == "Ctrl+J"
    part.show_touchpoint(new_touchpoint(window, "Guests", "Checks in", ("department", "Kitchen")))
    qtbot.waitUntil(part.journey_dock.isVisible)
    assert lit_names(window) == {"Gil Gray"}
    part.journey_action.trigger()
    assert not part.journey_dock.isVisible()
    assert window.view.highlighted is None
    assert window.view.bands.chosen_segment is None
    part.journey_action.trigger()  # opened from the menu: on the first segment
    assert part.journey_dock.isVisible()
    assert part.journey.segment_box.currentText() == "Guests"


def test_a_dropped_commitment_no_longer_says_it_answers() -> None:
    from pyramid_app.model.plan import Commitment, Status
    from pyramid_app.ui.plan.commitment_list import CommitmentRow

    active = Commitment("C-0001", "B", "Keep a tablet at the desk", needs=("N-0001",))
    row = CommitmentRow(active, "all direct reports", (), False, ("a check-in tablet",))
    assert row.answers == "answers: a check-in tablet"
    dropped = CommitmentRow(
        dataclasses.replace(active, status=Status.DROPPED),
        "all direct reports", (), False, ("a check-in tablet",),
    )  # fmt: skip
    assert dropped.answers == "was meant to answer: a check-in tablet"
