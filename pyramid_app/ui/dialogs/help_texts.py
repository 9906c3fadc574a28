"""Help > Keyboard shortcuts and Help > About."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from pyramid_app import __version__

SHORTCUTS = (
    ("Ctrl+I", "new project from a spreadsheet (check its columns first)"),
    ("Ctrl+O", "open a project (or a spreadsheet)"),
    ("Ctrl+Shift+S", "save the project as a file of your choice (it is always saved)"),
    ("Ctrl+W", "close the project"),
    ("Ctrl+U", "update the organisation from a newer HR export (preview first)"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo"),
    ("Ctrl+M", "change the column mapping of the open file"),
    ("Ctrl+R", "show the import report"),
    ("Ctrl+E / Ctrl+Alt+E", "export the current view / the whole pyramid as a picture"),
    ("Ctrl+Shift+E", "export the action plan to Excel (File > Import plan updates reads it back)"),
    ("Ctrl+F", "find a person"),
    ("F / Z", "fit the pyramid / zoom to the selection"),
    ("Down / Up", "to the manager / to the first report (inverted picture)"),
    ("Left / Right", "to the neighbouring colleague"),
    ("Space or double-click", "collapse or expand a team"),
    ("Ctrl+Enter / Backspace", "focus on a team / back to the whole organisation"),
    ("Ctrl+T", "conventional orientation, chief executive on top"),
    ("Ctrl+Shift+P", "show or hide the plan table (every commitment; Enter shows the manager)"),
    ("Ctrl+Shift+C", "show or hide the coverage dashboard (click a gap to select that manager)"),
    ("Ctrl+J", "show or hide the customer journey (or click a segment in the top band)"),
    ("Ctrl+Shift+T", "show or hide the targets and results (add, change, remove; all undoable)"),
    ("Ctrl+Shift+G", "show or hide progress: each measure over time against its target"),
    ("Ctrl+Shift+I", "import results from Excel or CSV (a preview, then one undoable step)"),
    ("Ctrl+Shift+W", "the workshop: customer, touchpoints, be/do/have needs, commitments"),
    ("Ctrl+N", "new commitment for the selected manager; Enter saves, Shift+Enter: new line"),
    ("Ctrl+Shift+N", "apply a commitment to many managers (a level, department, location, team)"),
    ("Del", "delete the chosen commitment (in the commitments list; Ctrl+Z brings it back)"),
    ("F5", "present for the room; then PgDn, Right or Space next, PgUp or Left back, B blank, Esc"),
    ("Ctrl+1 / Ctrl+2 / Ctrl+3 / Ctrl+4", "workspace: Explore, Plan, Customers, Review"),
    ("Ctrl+= / Ctrl+-", "larger / smaller text on the pyramid (View > Text size)"),
    ("Del / Backspace", "in the plan table: empty a due date, measure, cadence or practice"),
    ("Wheel / drag", "zoom (the point under the pointer stays put) / pan"),
)


def shortcuts_html() -> str:
    rows = "".join(
        f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for keys, what in SHORTCUTS
    )
    return f"<table>{rows}</table>"


def show_shortcuts(parent: QWidget) -> None:
    QMessageBox.information(parent, "Keyboard shortcuts", shortcuts_html())


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About Pyramid Planner",
        f"<h3>Pyramid Planner {__version__}</h3>"
        "<p>Your organisation upside down: customers on top, the people who serve them right "
        "under them, and every manager, down to the chief executive, holding up the people "
        "above.</p><p>Everything stays on this computer.</p>",
    )
