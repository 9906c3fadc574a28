"""The kept picture drawn crisply on another thread once a zoom stops.

Drawing a million marks and their links at a new zoom takes longer than a frame. Once the wheel
stops, the view asks for the picture at the zoom reached and goes on showing the scaled one; a
worker thread draws it into a QImage (thread-safe to paint into) from a snapshot of the scene's
arrays, and the picture is swapped in on the GUI thread when it arrives. Each request is
numbered: a newer one supersedes the older, whose picture is dropped when it comes back (or
never drawn, if it had not started). Nothing here touches a widget off the GUI thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QRectF, QThreadPool, Signal
from PySide6.QtGui import QPainter, QTransform

from pyramid_app.ui.pyramid.backdrop import Backdrop
from pyramid_app.ui.pyramid.layer_cache import LayerCache, Picture, draw_picture
from pyramid_app.ui.pyramid.scene import Frame

Paint = Callable[[QPainter, Frame], None]


def _request_key(frame: Frame, bounds: QRectF, content: object) -> tuple[object, ...]:
    """What a picture is drawn for: the data, the zoom and position, the view's size."""
    t = frame.transform
    return (
        content,
        (t.m11(), t.m22(), t.dx(), t.dy()),
        (frame.width, frame.height),
        (bounds.left(), bounds.top(), bounds.width(), bounds.height()),
    )


class CrispRenderer(QObject):
    """Draws a layer's picture off the GUI thread and hands it to ``cache`` when it arrives."""

    arrived = Signal()  # the newest request's picture is in the cache (on the GUI thread)
    # From the worker: the request's number, and the content drawn with its picture.
    _finished = Signal(int, object)

    def __init__(self, cache: LayerCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.generation = 0  # the newest request's number; older ones are stale
        self.dropped = 0  # pictures that came back stale (for tests and benchmarks)
        self._asked: tuple[object, ...] | None = None  # the newest request, until it arrives
        self._pool = QThreadPool(self)
        # One worker: requests queue behind the one drawing and are skipped once superseded.
        self._pool.setMaxThreadCount(1)
        self._finished.connect(self._take)

    @property
    def pending(self) -> bool:
        """A picture has been asked for and has not arrived."""
        return self._asked is not None

    def request(
        self,
        frame: Frame,
        bounds: QRectF,
        content: object,
        paint: Paint,
        backdrop: Backdrop | None = None,
    ) -> None:
        """Draw the layer for ``frame`` on the worker, over ``backdrop`` when given (part of
        ``content``); asking again for the same does nothing.

        ``paint`` runs on the worker thread: it may draw from the frame only.
        """
        key = _request_key(frame, bounds, content)
        if key == self._asked:
            return
        self.generation += 1
        self._asked = key
        generation = self.generation
        # Copies the worker owns: the view goes on changing its own while it draws.
        job = Frame(
            original=QTransform(),
            rect=QRectF(frame.rect),
            transform=QTransform(frame.transform),
            width=frame.width,
            height=frame.height,
            data=frame.data.snapshot(),
            slot_px=frame.slot_px,
            row_px=frame.row_px,
        )
        area = QRectF(bounds)

        def run() -> None:  # on the worker thread
            if generation != self.generation:
                return  # superseded while it waited: never drawn
            picture = draw_picture(job, area, paint, backdrop)
            # RuntimeError: the view, and this renderer with it, is gone.
            with contextlib.suppress(RuntimeError):
                self._finished.emit(generation, (content, picture))

        self._pool.start(run)

    def cancel(self) -> None:
        """Whatever was asked for is no longer wanted (the picture was drawn here and now)."""
        if self._asked is not None:
            self.generation += 1
            self._asked = None

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (closing, benchmarks); True when it is."""
        return self._pool.waitForDone(msecs)

    def _take(self, generation: int, result: tuple[object, Picture]) -> None:
        if generation != self.generation:
            self.dropped += 1
            return
        self._asked = None
        content, picture = result
        self.cache.take(picture, content)
        self.arrived.emit()
