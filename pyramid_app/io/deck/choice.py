"""Which slides a deck has: their names for ``--slides`` and the dialog's check boxes.

A deck always has its slides in one order, whatever order they are asked in; "segments" stands
for one slide per customer segment.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from pyramid_app.io.deck.errors import DeckError


class SlideKind(StrEnum):
    TITLE = "title"
    PYRAMID = "pyramid"
    COVERAGE = "coverage"
    GAPS = "gaps"
    SEGMENTS = "segments"
    COMMITMENTS = "commitments"
    PROGRESS = "progress"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    SlideKind.TITLE: "Title: the organisation and the date",
    SlideKind.PYRAMID: "The pyramid coloured by coverage, with its key",
    SlideKind.COVERAGE: "Coverage by level, as an editable chart",
    SlideKind.GAPS: "The first gaps: who to talk to first",
    SlideKind.SEGMENTS: "One slide per customer segment: its day, the needs and who answers them",
    SlideKind.COMMITMENTS: "Commitments by status and practice",
    SlideKind.PROGRESS: "Progress against targets (when the project has targets)",
}

ALL_SLIDES = tuple(SlideKind)


def slide_names() -> str:
    return ", ".join(kind.value for kind in SlideKind)


def ordered(kinds: Iterable[SlideKind]) -> tuple[SlideKind, ...]:
    """``kinds`` each once, in the deck's order."""
    chosen = set(kinds)
    return tuple(kind for kind in SlideKind if kind in chosen)


def parse_slides(text: str) -> tuple[SlideKind, ...]:
    """ "title,coverage,gaps" as slide kinds in the deck's order; DeckError names an unknown one."""
    names = [name.strip().casefold() for name in text.split(",") if name.strip()]
    if not names:
        raise DeckError(f"no slide chosen; choose some of {slide_names()}")
    known = {kind.value: kind for kind in SlideKind}
    unknown = [name for name in names if name not in known]
    if unknown:
        listed = ", ".join(repr(name) for name in unknown)
        word = "is not a slide" if len(unknown) == 1 else "are not slides"
        raise DeckError(f"{listed} {word}; the slides are {slide_names()}")
    return ordered(known[name] for name in names)
