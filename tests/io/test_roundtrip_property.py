"""Random trees written as xlsx or csv, under random header spellings, import back unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyramid_app.io import read_org
from spreadsheets import write_csv, write_xlsx

ID_HEADERS = ["Employee ID", "EmpID", "person_id", "EmployeeKey", "ID", "Staff Number"]
MANAGER_HEADERS = ["Manager ID", "ReportsTo", "supervisor id", "ParentEmployeeKey", "parentId"]
NAME_HEADERS = ["Name", "Employee Name", "Full Name", "display_name"]

ids_strategy = st.one_of(
    st.text(alphabet="ABCXYZ0123456789-_", min_size=1, max_size=8),
    st.integers(0, 10**9).map(str),
    st.integers(0, 10**6).map(lambda number: f"{number:08d}"),  # leading zeros stay
)


@st.composite
def org_tables(draw: st.DrawFn) -> tuple[list[str], list[int], list[str], list[list[str]]]:
    ids = draw(st.lists(ids_strategy, min_size=1, max_size=60, unique=True))
    ids = [person_id for person_id in ids if person_id.upper() not in {"NULL", "XX", "-"}] or ["R"]
    parents = [-1] + [draw(st.integers(0, i - 1)) for i in range(1, len(ids))]
    order = draw(st.permutations(range(len(ids))))  # rows need not list managers first
    names = [f"Person {i}" for i in range(len(ids))]
    headers = [
        draw(st.sampled_from(ID_HEADERS)),
        draw(st.sampled_from(MANAGER_HEADERS)),
        draw(st.sampled_from(NAME_HEADERS)),
    ]
    columns = draw(st.permutations(range(3)))
    rows = [[headers[c] for c in columns]]
    for i in order:
        cells = [ids[i], ids[parents[i]] if parents[i] >= 0 else "", names[i]]
        rows.append([cells[c] for c in columns])
    return ids, parents, names, rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=org_tables(), kind=st.sampled_from(["xlsx", "csv", "csv-bom-semicolon"]))
def test_random_trees_round_trip(
    table: tuple[list[str], list[int], list[str], list[list[str]]], kind: str
) -> None:
    ids, parents, names, rows = table
    with tempfile.TemporaryDirectory() as folder:
        if kind == "xlsx":
            path = write_xlsx(Path(folder) / "org.xlsx", {"People": rows})
        elif kind == "csv":
            path = write_csv(Path(folder) / "org.csv", rows)
        else:
            path = write_csv(Path(folder) / "org.csv", rows, encoding="utf-8-sig", delimiter=";")
        result = read_org(path)
    chart = result.chart
    assert len(result.report) == 0
    assert sorted(chart.ids) == sorted(ids)
    for i, person_id in enumerate(ids):
        index = chart.index_of(person_id)
        expected = ids[parents[i]] if parents[i] >= 0 else None
        actual = chart.ids[chart.parent[index]] if chart.parent[index] >= 0 else None
        assert actual == expected
        assert chart.names[index] == names[i]
