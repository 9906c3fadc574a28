"""Each file is coloured by its most telling field until the user picks one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pyramid_app.io import read_org
from pyramid_app.model.colouring import ColourBy
from pyramid_app.ui.main_window import MainWindow

NO_DEPARTMENTS = [
    ["Id", "Manager", "Name", "Title", "Office"],
    ["1", "", "Ann", "Director", "Lisbon"],
    ["2", "1", "Bob", "Lead", "Lisbon"],
    ["3", "1", "Cy", "Lead", "Porto"],
    ["4", "2", "Di", "Agent", "Porto"],
]


def test_a_file_without_departments_is_coloured_by_location(
    window: MainWindow, xlsx_file: Callable[..., Path]
) -> None:
    path = xlsx_file(NO_DEPARTMENTS, name="no_departments.xlsx")
    result = read_org(path)
    assert set(result.chart.departments) == {""}
    window.show_result(result)
    assert window.state.colour_by is ColourBy.LOCATION
    assert window.colour_box.currentData() == ColourBy.LOCATION
    assert {label for label, _colour, _count in window.colouring.legend} >= {"Lisbon", "Porto"}


def test_the_users_choice_holds_for_the_next_file(
    shown_small: MainWindow, xlsx_file: Callable[..., Path]
) -> None:
    window = shown_small
    assert window.state.colour_by is ColourBy.DEPARTMENT
    level = next(a for a in window.colour_group.actions() if a.text() == "Level")
    level.trigger()
    assert window.state.colour_by is ColourBy.LEVEL
    window.show_result(read_org(xlsx_file(NO_DEPARTMENTS, name="other.xlsx")))
    assert window.state.colour_by is ColourBy.LEVEL
