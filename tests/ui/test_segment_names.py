"""A customer segment's name is written smaller before any of it is cut."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from pyramid_app.ui.pyramid.band_items import MAX_SEGMENT_LINES
from pyramid_app.ui.pyramid.band_labels import SMALLEST_SEGMENT_FONT, fit_segment_name


def bold(points: float) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(True)
    return font


def test_a_name_that_fits_keeps_its_size(qapp) -> None:  # type: ignore[no-untyped-def]
    font = bold(9.5)
    width = QFontMetrics(font).horizontalAdvance("Corporate clients") + 4
    fitted, lines = fit_segment_name("Corporate clients", font, width, 60)
    assert fitted.pointSizeF() == font.pointSizeF()
    assert lines == ["Corporate clients"]


def test_a_word_wider_than_its_box_is_written_smaller_not_cut(qapp) -> None:  # type: ignore[no-untyped-def]
    font = bold(9.5)
    word = QFontMetrics(font).horizontalAdvance("Corporate")
    width = word * 0.92  # too narrow at full size, wide enough at 0.9 of it
    fitted, lines = fit_segment_name("Corporate clients", font, width, 60)
    assert fitted.pointSizeF() < font.pointSizeF()
    assert " ".join(lines) == "Corporate clients"
    metrics = QFontMetrics(fitted)
    assert all(metrics.horizontalAdvance(line) <= width for line in lines)


def test_smaller_type_may_take_one_more_line(qapp) -> None:  # type: ignore[no-untyped-def]
    font = bold(9.5)
    label = "Event and conference organisers"
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance("conference") - 1  # four lines needed at full size
    fitted, lines = fit_segment_name(label, font, width, 20 * metrics.lineSpacing())
    assert fitted.pointSizeF() < font.pointSizeF()
    assert " ".join(lines) == label
    assert len(lines) <= MAX_SEGMENT_LINES + 1


def test_a_name_too_long_even_small_is_cut_at_the_smallest_size(qapp) -> None:  # type: ignore[no-untyped-def]
    font = bold(9.5)
    fitted, lines = fit_segment_name("Travel agents and online booking partners", font, 40, 30)
    assert abs(fitted.pointSizeF() - 9.5 * SMALLEST_SEGMENT_FONT) < 1e-6
    assert lines and lines[-1].endswith("…")
