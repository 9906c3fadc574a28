"""Unusual markup: the forms of a cell reference XML allows and no spreadsheet program writes
are found, the usual form is not, and every reference is read from the tags however written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.io.spreadsheet.markup import unusual_markup, written_references

USUAL = (
    b'<sheetData><row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>0</v></c>'
    b'<c r="B1" t="inlineStr"><is><t>Ann</t></is></c></row></sheetData>'
    b'<pageMargins left="0.7" right="0.7" header="0.3" footer="0.3"/>'
)


def test_the_usual_form_is_not_unusual() -> None:
    assert not unusual_markup(USUAL)
    assert not unusual_markup(memoryview(USUAL)[5:])
    assert not unusual_markup(b"") and not unusual_markup(b"=") and not unusual_markup(b'a="')


@pytest.mark.parametrize(
    "written",
    [b"<c r='B2'>", b'<c r ="B2">', b'<c r= "B2">', b'<c\tr="B2">', b'<c\r\nr="B2">'],
)
def test_each_unusual_form_is_found(written: bytes) -> None:
    assert unusual_markup(USUAL + written)


def unusual_one_by_one(data: bytes) -> bool:
    """What :func:`unusual_markup` says, worked out for each ``=`` in turn from the third byte
    to the last but one: the definition its array passes must keep."""
    for at in range(2, len(data) - 1):
        if data[at] != ord("="):
            continue
        before, after = data[at - 1], data[at + 1]
        if after <= 32 or after == ord("'") or before <= 32:
            return True
        if before == ord("r") and data[at - 2] < 32:
            return True
    return False


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [b"=", b" ", b"\t", b"\n", b"\x01", b"'", b'"', b"r", b"x", b"<c r=", b"="]
        ),
        max_size=40,
    ),
    st.integers(min_value=0, max_value=3),
)
def test_unusual_markup_is_each_equals_sign_looked_at_in_turn(
    pieces: list[bytes], skip: int
) -> None:
    data = b"".join(pieces)
    assert unusual_markup(data) == unusual_one_by_one(data)
    assert unusual_markup(memoryview(data)[skip:]) == unusual_one_by_one(data[skip:])


def test_references_are_read_from_tags_however_written() -> None:
    data = (
        b"<row r = '7'><c r='xfd7'/><c\tr=\"B7\"><is><t>r='ZZ9' in text</t></is></c></row>"
        b'<x:c r="C8"/><col r="Q1"/>'
    )
    expected = [(b"", b"7"), (b"XFD", b"7"), (b"B", b"7"), (b"C", b"8")]
    assert list(written_references(data)) == expected
    with pytest.raises(ValueError, match="'&#88;FD1' is not a reference like B7"):
        list(written_references(b'<c r="&#88;FD1"/>'))
