"""How much room text takes on a slide, estimated without a font engine.

A slide's text boxes and table cells do not grow or shrink their text when the file is opened:
PowerPoint keeps the size written, and a table row grows to its text and can push the table off
the slide. So the deck decides beforehand how many lines a text takes and how many rows fit,
and caps its lists ("and 12 more"). The deck's text is Arial (Liberation Sans, with the same
widths, where LibreOffice runs), whose advance widths are Helvetica's: the table below has them
for printable ASCII in thousandths of an em; other letters are measured by their base letter
(é as e) or as a wide letter. The estimate errs wide (``SAFETY``), so text fits rather than
spills; lines are counted 1.2 times the font size apart, as PowerPoint sets single spacing
(Impress sets them a little closer).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Helvetica / Arial advance widths of the characters from " " (32) to "~" (126).
_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # sp ... /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0 ... ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ ... O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P ... _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` ... o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p ... ~
)  # fmt: skip
WIDE = 1000  # a letter not in the table and without a base letter in it (CJK, emoji)
BOLD = 1.08  # bold Arial is about this much wider
SAFETY = 1.03
LINE_SPACING = 1.2  # a line's height, in units of the font size (single spacing)
POINTS_PER_INCH = 72.0


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    code = ord(char)
    if 32 <= code <= 126:
        return _WIDTHS[code - 32]
    base = unicodedata.normalize("NFD", char)[:1]
    if base and 32 <= ord(base) <= 126:
        return _WIDTHS[ord(base) - 32]
    if unicodedata.category(char).startswith("M"):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return WIDE
    return 600  # a Latin, Greek or Cyrillic letter without an ASCII base: about a wide o


def text_width(text: str, points: float, bold: bool = False) -> float:
    """The width of ``text`` on one line, in inches."""
    ems = sum(_char_width(char) for char in text) / 1000.0
    return ems * points * (BOLD if bold else 1.0) * SAFETY / POINTS_PER_INCH


def line_height(points: float) -> float:
    """The height of one line of text of ``points``, in inches."""
    return points * LINE_SPACING / POINTS_PER_INCH


@lru_cache(maxsize=8192)
def wrap(text: str, width: float, points: float, bold: bool = False) -> tuple[str, ...]:
    """``text`` broken into the lines it takes in a box ``width`` inches wide: whole words,
    a word longer than the line cut where it must. A line break in the text is kept. (A
    slide's table is measured again for every row it tries: the same cells, once each.)"""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            longer = f"{line} {word}" if line else word
            if text_width(longer, points, bold) <= width:
                line = longer
                continue
            if line:
                lines.append(line)
            while text_width(word, points, bold) > width and len(word) > 1:
                cut = _longest_prefix(word, width, points, bold)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return tuple(lines)


def _longest_prefix(word: str, width: float, points: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and text_width(word[: cut + 1], points, bold) <= width:
        cut += 1
    return cut


def line_count(text: str, width: float, points: float, bold: bool = False) -> int:
    return len(wrap(text, width, points, bold))


def shortened(text: str, width: float, points: float, lines: int = 1, bold: bool = False) -> str:
    """``text`` cut with an ellipsis so it takes at most ``lines`` lines of ``width``."""
    if line_count(text, width, points, bold) <= lines:
        return text
    words = text.split()
    while words:
        words.pop()
        candidate = " ".join(words).rstrip(",;:·-") + "…"
        if line_count(candidate, width, points, bold) <= lines:
            return candidate
    return _cut_word(text, width, points, bold)


def _cut_word(text: str, width: float, points: float, bold: bool) -> str:
    cut = _longest_prefix(text + "…", width, points, bold)
    return text[: max(cut - 1, 1)] + "…"


def more_words(count: int, noun: str, plural: str | None = None) -> str:
    """ "and 12 more managers": what a capped list says about what it left out."""
    word = noun if count == 1 else plural or f"{noun}s"
    return f"and {count:,} more {word}"
