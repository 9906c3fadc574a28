"""Commitment ids: ``C-`` and at least four digits, numbered for good."""

from __future__ import annotations

import pytest

from pyramid_app.model.plan import COMMITMENT_ID, commitment_number


@pytest.mark.parametrize(
    ("commitment_id", "number"), [("C-0042", 42), ("C-12345", 12345), ("C-0000", 0)]
)
def test_a_commitment_id_gives_its_number(commitment_id: str, number: int) -> None:
    assert commitment_number(commitment_id) == number


@pytest.mark.parametrize(
    "commitment_id", ["C-042", "c-0042", "C-00a2", "C-0042 ", " C-0042", "X-0042", "C-", ""]
)
def test_anything_else_is_refused_as_the_id_pattern_refuses_it(commitment_id: str) -> None:
    assert COMMITMENT_ID.fullmatch(commitment_id) is None
    with pytest.raises(ValueError, match="is not a commitment id"):
        commitment_number(commitment_id)
