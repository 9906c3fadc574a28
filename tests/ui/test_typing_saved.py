"""Nothing typed is lost: the words in a field are saved a moment after the last keystroke,
while the field still has the focus, as one undo step per field edit; and after the app is
closed or killed, reopening the project gives back Undo of the last session's edits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from on_disk import project_on_disk
from PySide6.QtCore import QSettings, Qt
from test_new_commitment_undo import new_commitment_typed, undo_text

from pyramid_app.io import ProjectFile, unsaved_projects
from pyramid_app.model.plan import Status
from pyramid_app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
FIRST = "Ask each report what gets in their way"


def test_words_typed_are_saved_before_the_field_is_left_as_one_step(
    shown_small: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    copies = tmp_path / "copies"
    copies.mkdir()
    panel = new_commitment_typed(window, qtbot, FIRST)
    steps = window.undo_stack.count()
    editor = panel.editor
    editor.text.setFocus()
    qtbot.waitUntil(editor.text.hasFocus)
    cursor = editor.text.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.text.setTextCursor(cursor)
    with qtbot.waitSignal(editor.field_typed, timeout=5_000):
        qtbot.keyClicks(editor.text, ", every Monday")
    assert editor.text.hasFocus()  # still typing: nothing was left
    assert project_on_disk(copies).plan["C-0001"].text == f"{FIRST}, every Monday"
    with qtbot.waitSignal(editor.field_typed, timeout=5_000):
        qtbot.keyClicks(editor.text, " at nine")
    assert project_on_disk(copies).plan["C-0001"].text == f"{FIRST}, every Monday at nine"
    assert editor.text.toPlainText() == f"{FIRST}, every Monday at nine"  # nothing rewritten
    qtbot.keyClick(editor.text, Qt.Key.Key_Tab)  # leaves the field: nothing new to save
    # Two saves while typing and the field left: one undo step, back to the words before.
    assert window.undo_stack.count() == steps + 1
    assert undo_text(window) == "Undo Edit text of C-0001 (Bob Baker)"
    with qtbot.waitSignal(window.project_edited):
        window.undo_action.trigger()
    assert project.plan["C-0001"].text == FIRST
    assert project_on_disk(copies).plan["C-0001"].text == FIRST


def test_undo_works_on_the_last_sessions_edits_after_a_restart(
    shown_small: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    new_commitment_typed(window, qtbot, FIRST)
    panel = window.commitments_panel
    with qtbot.waitSignal(window.project_edited):
        panel.editor.status.setFocus()
        panel.editor.status.activated.emit(list(Status).index(Status.IN_PROGRESS))
    assert project.plan["C-0001"].status is Status.IN_PROGRESS
    (unsaved,) = unsaved_projects()
    window.close()  # the app quits

    later = MainWindow(QSettings(str(tmp_path / "later.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(later)
    later.show()
    with qtbot.waitSignal(later.files.project_opened, timeout=10_000):
        later.files.open_project(unsaved, remember=False)
    reopened = later.project
    assert reopened is not None
    assert later.undo_stack.count() == 2
    assert undo_text(later) == "Undo Set C-0001 (Bob Baker) in progress"
    with qtbot.waitSignal(later.project_edited):
        later.undo_action.trigger()
    assert reopened.plan["C-0001"].status is Status.PLANNED
    assert undo_text(later) == "Undo Add commitment for Bob Baker"
    with qtbot.waitSignal(later.project_edited):
        later.undo_action.trigger()
    assert len(reopened.plan) == 0  # the commitment and its wording, one step, as before
    with qtbot.waitSignal(later.project_edited):
        later.redo_action.trigger()
    assert reopened.plan["C-0001"].text == FIRST


# The window in a process of its own: it types into a new commitment, says so once the words
# are saved (the field still has the focus), then waits to be killed.
TYPIST = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QSignalSpy, QTest
from PySide6.QtWidgets import QApplication
from pyramid_app.io import read_org
from pyramid_app.ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
window.show_result(read_org(sys.argv[1]))
window.select_person("B")
panel = window.commitments_panel
panel.new_commitment()
editor = panel.editor
editor.text.setFocus()
spy = QSignalSpy(editor.field_typed)
QTest.keyClicks(editor.text, "Hold a weekly huddle")
assert spy.wait(10_000), "the typed words were never saved"
assert editor.text.hasFocus()
print("saved", flush=True)
sys.stdin.readline()
"""


def test_a_kill_while_typing_keeps_the_words_typed_a_moment_before(
    small_org: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(small_org), str(tmp_path / "typist.ini")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    ) as typist:
        assert typist.stdout is not None and typist.stderr is not None
        line = typist.stdout.readline()
        typist.send_signal(signal.SIGKILL)
        typist.wait(timeout=60)
        errors = typist.stderr.read()
    assert line == "saved\n", errors
    (unsaved,) = unsaved_projects()
    file, project = ProjectFile.open(unsaved, shipped=())
    file.close()
    assert [c.text for c in project.plan] == ["Hold a weekly huddle"]
