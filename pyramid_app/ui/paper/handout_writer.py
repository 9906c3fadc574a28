"""Handout packs written as PDF with Qt's PDF writer: one file, or one file per manager.

:func:`write_handouts` is a generator that writes one manager's handout per step, so the window
can drive it from its event loop behind a progress dialog with a Cancel button, and the command
line simply runs it to the end. It must run on the GUI thread: the team's picture is drawn by a
(never shown) pyramid view, which is a widget. Each file is written under a temporary name
beside its destination and moved into place once complete, so a cancelled or failed pack
leaves no half file, and a file that existed before is replaced only by a whole new one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from pyramid_app import __version__
from pyramid_app.model.colouring import ColourBy, colour_nodes
from pyramid_app.model.coverage import Coverage
from pyramid_app.model.handout_choice import handout_file_names
from pyramid_app.model.handout_sheet import HandoutSources
from pyramid_app.model.needs_coverage import NeedsCoverage
from pyramid_app.model.project import Project
from pyramid_app.ui.paper.handouts import Handout, PageFrame
from pyramid_app.ui.paper.team_picture import TeamPicture


class PageSize(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


_PAGE_IDS = {PageSize.A4: QPageSize.PageSizeId.A4, PageSize.LETTER: QPageSize.PageSizeId.Letter}


class HandoutError(OSError):
    """A handout file could not be written; the message names the file and what to do."""


@dataclass
class HandoutReport:
    """What was written: the files, and the pages of each manager's handout by person id."""

    files: list[Path] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)

    @property
    def page_total(self) -> int:
        return sum(self.pages.values())


@dataclass(frozen=True)
class Step:
    """One manager done: how many of how many, and whose handout it was."""

    done: int
    total: int
    name: str


def write_handouts(
    project: Project,
    nodes: Sequence[int],
    today: dt.date,
    target: Path,
    each: bool = False,
    page_size: PageSize = PageSize.A4,
    report: HandoutReport | None = None,
    coverage: Coverage | None = None,
    needs: NeedsCoverage | None = None,
) -> Generator[Step, None, None]:
    """Write the handouts of the managers at ``nodes``: into the PDF ``target``, or with
    ``each`` one PDF per manager into the folder ``target`` (made if missing). Yields a
    :class:`Step` per manager; ``report`` (if given) says what was written. Closing the
    generator early (Cancel) removes what it had begun and keeps what it had finished."""
    report = report if report is not None else HandoutReport()
    sources = HandoutSources(project, today, coverage, needs)
    chart = project.chart
    colouring = colour_nodes(chart, ColourBy.COVERAGE, sources.coverage)
    picture = TeamPicture(chart, colouring, ["Customers"])
    writer: _PdfFile | None = None
    try:
        if each:
            _make_folder(target)
            names = handout_file_names(chart, nodes)
        else:
            writer = _PdfFile(target, page_size, picture.dpi, f"Handouts · {project.name}")
        for done, node in enumerate(nodes, 1):
            sheet = sources.sheet(int(node))
            if each:
                writer = _PdfFile(
                    target / names[done - 1], page_size, picture.dpi, f"Handout · {sheet.name}"
                )
            assert writer is not None
            frame = writer.frame()
            drawing = picture.prepare(int(node), sheet.lit)
            handout = Handout(
                sheet,
                frame,
                project.name,
                today,
                drawing.paint,
                drawing.height,
                colouring,
                drawing.original,
            )
            for page in range(handout.page_count):
                writer.new_page()
                handout.paint_page(writer.painter, page)
            report.pages[sheet.person_id] = handout.page_count
            if each:
                report.files.append(writer.finish())
                writer = None
            yield Step(done, len(nodes), sheet.name)
        if writer is not None:
            report.files.append(writer.finish())
            writer = None
    finally:
        if writer is not None:
            writer.discard()
        picture.close()


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise HandoutError(
            f"cannot make the folder {folder}: {error.strerror or error}; choose another folder"
        ) from error


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _PdfFile:
    """One PDF being written under a temporary name beside ``path``."""

    def __init__(self, path: Path, page_size: PageSize, dpi: int, title: str) -> None:
        self.path = path
        folder = path.parent
        if not folder.is_dir():
            raise HandoutError(f"cannot write {path}: the folder {folder} does not exist")
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=f".{path.stem[:40]}.", suffix=".pdf", dir=folder
            )
        except OSError as error:
            raise HandoutError(
                f"cannot write in {folder}: {error.strerror or error}; choose another folder"
            ) from error
        os.close(handle)
        self.temporary = Path(temporary)
        self.writer = QPdfWriter(str(self.temporary))
        self.writer.setResolution(dpi)
        self.writer.setPageLayout(
            QPageLayout(
                QPageSize(_PAGE_IDS[page_size]),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        self.writer.setTitle(title)
        self.writer.setCreator(f"Pyramid Planner {__version__}")
        self.painter = QPainter()
        self.started = False

    def frame(self) -> PageFrame:
        rect = self.writer.pageLayout().fullRectPixels(self.writer.resolution())
        return PageFrame(float(rect.width()), float(rect.height()), self.writer)

    def new_page(self) -> None:
        if not self.started:
            if not self.painter.begin(self.writer):
                self.discard()
                raise HandoutError(f"cannot write {self.path}: the PDF could not be started")
            self.started = True
        elif not self.writer.newPage():
            raise HandoutError(f"cannot write {self.path}: the disk may be full")

    def finish(self) -> Path:
        if self.painter.isActive():
            self.painter.end()
        try:
            # The temporary file was made private; the handout gets a file's usual rights.
            os.chmod(self.temporary, 0o666 & ~_umask())
            os.replace(self.temporary, self.path)
        except OSError as error:
            self.discard()
            raise HandoutError(
                f"cannot write {self.path}: {error.strerror or error}; close it if it is open "
                "elsewhere, or choose another name"
            ) from error
        return self.path

    def discard(self) -> None:
        if self.painter.isActive():
            self.painter.end()
        with contextlib.suppress(OSError):
            self.temporary.unlink()
