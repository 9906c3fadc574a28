"""What the pyramid's people can be coloured by (View > Colour by, ``--colour-by``).

Apart from :mod:`pyramid_app.model.colouring`, which colours them: the command line offers the
choices before anything heavier than the standard library is imported.
"""

from __future__ import annotations

from enum import StrEnum


class ColourBy(StrEnum):
    DEPARTMENT = "department"
    LOCATION = "location"
    TITLE = "title"
    LEVEL = "level"
    SPAN = "span of control"
    COVERAGE = "coverage"
    RESULTS = "results against target"
