"""The steering deck written as a 16:9 PowerPoint file (python-pptx), replaced atomically.

The slides are native: titles in title placeholders, text in text boxes and tables, coverage
and the commitments as charts with their data inside (PowerPoint's Edit Data, Impress's Data
Table). Only the pyramid is a picture, drawn by the caller (the window or the command line, with
Qt) at the slide's resolution and handed in as PNG bytes: io never draws.

The file is written beside its destination and moved over it once complete, so a failed
write leaves the previous deck as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu

from pyramid_app.io.deck.choice import ALL_SLIDES, SlideKind, ordered
from pyramid_app.io.deck.content import DeckContent
from pyramid_app.io.deck.errors import DeckError
from pyramid_app.io.deck.geometry import SLIDE_HEIGHT, SLIDE_WIDTH
from pyramid_app.io.deck.overview_slides import (
    coverage_slide,
    deck_date,
    gaps_slide,
    pyramid_slide,
    title_slide,
)
from pyramid_app.io.deck.plan_slides import commitments_slide, progress_slide
from pyramid_app.io.deck.segment_slides import segment_slide
from pyramid_app.io.deck.style import (
    FONT,
    footer,
    inches,
    xml_safe,
)
from pyramid_app.io.project.disk import fsync_path, temporary_beside

TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5


@dataclass
class DeckReport:
    path: Path
    slides: list[str] = field(default_factory=list)  # each slide's kind, in order
    left_out: list[str] = field(default_factory=list)  # slides chosen but not made, and why
    seconds: float = 0.0

    def summary(self) -> str:
        """ "12 slides: title, pyramid, ... 6 segments ..." """
        counts: dict[str, int] = {}
        for kind in self.slides:
            counts[kind] = counts.get(kind, 0) + 1
        parts = [kind if n == 1 else f"{n} {kind}" for kind, n in counts.items()]
        total = len(self.slides)
        return f"{total} slide{'' if total == 1 else 's'}" + (
            f" ({', '.join(parts)})" if parts else ""
        )


def write_deck(
    content: DeckContent,
    path: Path,
    slides: Iterable[SlideKind] = ALL_SLIDES,
    pyramid_png: bytes | None = None,
) -> DeckReport:
    """Write the deck of ``content`` to ``path`` with the ``slides`` chosen (in the deck's own
    order). ``pyramid_png`` is the pyramid's picture, best made at the size
    :func:`~pyramid_app.io.deck.geometry.pyramid_pixels` gives; without it the pyramid's slide
    is left out. Raises :class:`DeckError` when nothing would be written
    or the file cannot be."""
    started = time.perf_counter()
    report = DeckReport(path)
    chosen = ordered(slides)
    plan = _plan(content, chosen, pyramid_png is not None, report)
    if not plan:
        reasons = "; ".join(report.left_out) or "no slide was chosen"
        raise DeckError(f"{path.name} was not written: nothing to put in it ({reasons})")
    presentation = _new_presentation(content)
    footer_text = f"{content.organisation} · steering deck · {deck_date(content)}"
    for number, (kind, segment) in enumerate(plan, 1):
        layout = TITLE_LAYOUT if kind is SlideKind.TITLE else TITLE_ONLY_LAYOUT
        slide = presentation.slides.add_slide(presentation.slide_layouts[layout])
        _fill(slide, kind, segment, content, pyramid_png)
        if kind is not SlideKind.TITLE:
            footer(slide, footer_text, number, len(plan))
        report.slides.append(kind.value)
    _save(presentation, path)
    report.seconds = time.perf_counter() - started
    return report


def _plan(
    content: DeckContent, chosen: tuple[SlideKind, ...], picture: bool, report: DeckReport
) -> list[tuple[SlideKind, int]]:
    """The slides to make: (kind, segment position) each; what cannot be made goes in the
    report with its reason."""
    plan: list[tuple[SlideKind, int]] = []
    for kind in chosen:
        if kind is SlideKind.PYRAMID and not picture:
            report.left_out.append("pyramid: no picture of the pyramid could be made")
        elif kind is SlideKind.SEGMENTS:
            if not content.segments:
                report.left_out.append("segments: the project has no customer segments")
            plan += [(kind, i) for i in range(len(content.segments))]
        elif kind is SlideKind.PROGRESS and not content.progress:
            report.left_out.append("progress: the project has no targets")
        else:
            plan.append((kind, -1))
    return plan


def _fill(
    slide: Slide, kind: SlideKind, segment: int, content: DeckContent, picture: bytes | None
) -> None:
    if kind is SlideKind.TITLE:
        title_slide(slide, content)
    elif kind is SlideKind.PYRAMID:
        assert picture is not None
        pyramid_slide(slide, content, picture)
    elif kind is SlideKind.COVERAGE:
        coverage_slide(slide, content)
    elif kind is SlideKind.GAPS:
        gaps_slide(slide, content)
    elif kind is SlideKind.SEGMENTS:
        segment_slide(slide, content.segments[segment])
    elif kind is SlideKind.COMMITMENTS:
        commitments_slide(slide, content)
    else:
        progress_slide(slide, content)


def _new_presentation(content: DeckContent) -> PresentationType:
    """python-pptx's own template made 16:9, its theme in Arial, and the file's properties
    saying what it is (not the template's author)."""
    presentation = Presentation()
    old_width = presentation.slide_width or Emu(9144000)
    presentation.slide_width = inches(SLIDE_WIDTH)
    presentation.slide_height = inches(SLIDE_HEIGHT)
    stretch = presentation.slide_width / old_width
    # The master's and layouts' placeholders were placed for 4:3: widened with the slide, a
    # slide the planner adds in PowerPoint looks like the others.
    masters = [presentation.slide_master, *presentation.slide_layouts]
    for master in masters:
        for shape in master.placeholders:
            if shape.left is not None and shape.width is not None:
                shape.left = Emu(int(shape.left * stretch))
                shape.width = Emu(int(shape.width * stretch))
    theme = presentation.slide_master.part.part_related_by(RT.THEME)
    package = presentation.part.package
    for r_id, relationship in list(package._rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            package._rels.pop(r_id)  # the template's picture of a 4:3 slide, not of this deck
        elif relationship.reltype == RT.EXTENDED_PROPERTIES:
            extended = relationship.target_part
            extended._blob = extended.blob.replace(b"On-screen Show (4:3)", b"Widescreen")
    theme._blob = theme.blob.replace(b'typeface="Calibri"', f'typeface="{FONT}"'.encode())
    properties = presentation.core_properties
    properties.title = xml_safe(f"{content.organisation}: steering deck")[:250]
    properties.subject = "Inverted pyramid: coverage, customers, commitments and progress"
    properties.author = "Pyramid Planner"
    properties.last_modified_by = "Pyramid Planner"
    properties.keywords = ""
    properties.comments = ""
    properties.revision = 1
    moment = dt.datetime.combine(content.today, dt.time(12, 0))
    properties.created = properties.modified = moment
    properties.last_printed = moment
    return presentation


def _save(presentation: PresentationType, path: Path) -> None:
    if path.is_dir():
        raise DeckError(f"{path} is a folder; give the deck a file name ending in .pptx")
    temporary = temporary_beside(path)
    try:
        presentation.save(str(temporary))
        fsync_path(temporary)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise DeckError(_writing_message(path, error)) from error
    with contextlib.suppress(OSError):
        fsync_path(path.parent, directory=True)


def _writing_message(path: Path, error: OSError) -> str:
    unchanged = f" The previous {path.name} is unchanged." if path.exists() else ""
    reason = error.strerror or str(error) or type(error).__name__
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"There is not enough space on the disk to write {path.name}.{unchanged}"
    if isinstance(error, PermissionError):
        return (
            f"{path.name} cannot be written in {path.parent} ({reason}): it may be open in "
            f"PowerPoint, or the folder is read-only. Close it there or choose another place."
            f"{unchanged}"
        )
    if error.errno == errno.ENOENT:
        return f"The folder {path.parent} does not exist; choose another place for {path.name}."
    return f"{path.name} could not be written ({reason}).{unchanged}"
