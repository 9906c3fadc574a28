"""The shipped demo organisation is a clean, realistic hotel group, and reproducible."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import openpyxl
import pytest

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_workbook_path

GENERATOR = Path(__file__).resolve().parents[2] / "tools" / "make_demo_org.py"


def test_demo_imports_cleanly_as_a_hotel_group() -> None:
    result = read_org(demo_workbook_path())
    chart = result.chart
    assert result.sheet == "People"
    assert len(result.report) == 0
    assert 250 <= chart.people_count <= 450
    assert 5 <= chart.level_count <= 8
    assert chart.titles[chart.root] == "Chief Executive Officer"
    departments = set(chart.departments)
    assert {"Front Office", "Housekeeping", "Food & Beverage", "Engineering",
            "Sales & Marketing"} <= departments  # fmt: skip
    assert len(set(chart.locations)) >= 4
    # A large front-line team, as real hotels have, so the compact arrangement matters.
    assert chart.widest_span()[1] >= 12


def test_demo_has_customer_segments() -> None:
    workbook = openpyxl.load_workbook(demo_workbook_path(), read_only=True)
    rows = list(workbook["Customers"].iter_rows(values_only=True))
    assert rows[0] == ("Segment", "Description", "Share of revenue")
    assert 5 <= len(rows) - 1 <= 7
    assert all(segment for segment, _description, _share in rows[1:])
    assert sum(share for _segment, _description, share in rows[1:]) == pytest.approx(1.0)


def test_generator_reproduces_the_committed_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not GENERATOR.is_file():
        pytest.skip("tools/ is not beside the installed package")
    spec = importlib.util.spec_from_file_location("make_demo_org", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_demo_org", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    fresh = tmp_path / "demo.xlsx"
    assert module.main(["-o", str(fresh)]) == 0
    committed = openpyxl.load_workbook(demo_workbook_path())
    regenerated = openpyxl.load_workbook(fresh)
    assert committed.sheetnames == regenerated.sheetnames
    for name in committed.sheetnames:
        assert list(committed[name].values) == list(regenerated[name].values)
