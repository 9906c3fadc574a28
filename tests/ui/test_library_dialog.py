"""Plan > Practice library: the project's own families and suggestions, added and undone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from pyramid_app.model.commands import add_commitment
from pyramid_app.ui.dialogs.library_dialog import LibraryDialog
from pyramid_app.ui.main_window import MainWindow


def open_library(window: MainWindow) -> LibraryDialog:
    window.library.action.trigger()
    dialog = window.library.dialog
    assert isinstance(dialog, LibraryDialog) and dialog.isVisible()
    return dialog


def family_names(dialog: LibraryDialog) -> list[str]:
    tree = dialog.tree
    return [
        tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
        for i in range(tree.topLevelItemCount())
    ]


def test_the_shipped_families_are_listed(shown_small: MainWindow) -> None:
    dialog = open_library(shown_small)
    project = shown_small.project
    assert project is not None
    assert family_names(dialog) == project.library.names()
    assert "Leadership" in family_names(dialog)  # from resources/practices.json


def test_a_suggestion_typed_in_goes_into_the_project_and_undoes(
    shown_small: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    dialog = open_library(window)
    form = dialog.add_suggestion()
    assert form is not None and not form.ok_button.isEnabled()
    form.family.setCurrentText("Night shift")
    qtbot.keyClicks(form.text, "Walk the night shift once a month")
    qtbot.keyClicks(form.measure, "walks done / months")
    assert form.ok_button.isEnabled()
    with qtbot.waitSignal(window.project_edited):
        form.ok_button.click()
    project = window.project
    assert project is not None
    family = project.library.family("Night shift")
    assert family is not None
    assert [s.text for s in family.suggestions] == ["Walk the night shift once a month"]
    assert "Night shift" in family_names(dialog)
    assert window.undo_action.text() == "&Undo Add suggestion to Night shift"
    window.undo_action.trigger()
    assert project.library.family("Night shift") is None
    assert "Night shift" not in family_names(dialog)


def test_the_chosen_commitment_becomes_a_suggestion(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    window.push(add_commitment(project, "B", "Stand at the desk for the morning rush"))
    window.select_person("B")
    dialog = open_library(window)
    assert dialog.from_commitment_button.isEnabled()
    form = dialog.add_chosen_commitment()
    assert form is not None
    assert form.text.toPlainText() == "Stand at the desk for the morning rush"
    form.family.setCurrentText("Leadership")
    with qtbot.waitSignal(window.project_edited):
        form.ok_button.click()
    leadership = project.library.family("Leadership")
    assert leadership is not None
    assert leadership.suggestions[-1].text == "Stand at the desk for the morning rush"


def test_a_family_name_in_use_is_refused_with_a_message(
    shown_small: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    dialog = open_library(window)
    # The name box is a modal Qt prompt; answer it as a user would, with a name already taken.
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Leadership", True))
    assert not dialog.new_family()
    assert "already a practice family" in window.edit_failure_box.text()
