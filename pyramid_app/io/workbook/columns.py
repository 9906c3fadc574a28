"""What the action-plan workbook holds, shared by its writer and its reader.

The columns of the *Action plan* sheet (the reader finds them by header text, so users may move
or hide them), the hidden *Export record* sheet that lets a later import tell the planner's
edits from the workbook's, and the rules that keep every cell safe:

- Text is written as text, never as a formula or a link: its data type is set explicitly, and
  text starting with ``= + - @`` or a tab also gets Excel's "quote prefix", so even editing the
  cell in Excel later does not turn it into a formula.
- Characters XML cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF) are removed;
  carriage returns become line feeds (XML would turn them into line feeds anyway).
- Text that reads as Excel's escape ``_x0041_`` gets its underscore escaped, so Excel and
  calamine show it as typed rather than as "A".
- Text longer than Excel's 32,767-character cell limit is cut, ending with a visible marker.

Values are compared between the app and a workbook in a *canonical* form: the text as it was
written (cleaned, cut, stripped), dates as ISO text. The export record keeps, per commitment,
its ``changed`` time and a short digest of each editable field's canonical form, so reading
back can say which fields the workbook changed since the export, which the app changed, and
where both did (a conflict). The digests decide: ``changed`` has one-second resolution, and an
edit in the second of the export would look like no edit at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pyramid_app.model.plan import Commitment, Status

# -- sheets ----------------------------------------------------------------------------------

SUMMARY_SHEET = "Summary"
PLAN_SHEET = "Action plan"
MANAGERS_SHEET = "Managers"
TOUCHPOINTS_SHEET = "Touchpoints"
ORGANISATION_SHEET = "Organisation"
RECORD_SHEET = "Export record"
PLAN_TABLE = "ActionPlan"

# The first cell of the export record; the reader recognises the record by it, whatever the
# sheet is called now.
RECORD_MARK = "Pyramid Planner action plan"
RECORD_VERSION = 1
RECORD_HEADER = "Commitments at the export (id, changed in the app, fingerprint)"
# Entries are packed many to a cell, one per line: a spreadsheet reader pays per cell, and
# nobody reads this sheet but Pyramid Planner. 250 entries of about 100 characters stay well
# inside a cell's 32,767.
RECORD_ENTRIES_PER_CELL = 250

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_TEXT = 32_767


@dataclass(frozen=True)
class Column:
    """One column of the Action plan sheet.

    ``editable``: read back from the workbook. ``aliases``: other header texts accepted when
    reading (compared without case and extra spaces).
    """

    key: str
    header: str
    width: float
    editable: bool = False
    kind: str = "text"  # text, wrap, date, number
    aliases: tuple[str, ...] = ()


PLAN_COLUMNS: tuple[Column, ...] = (
    Column("id", "Commitment id", 13, aliases=("id", "commitment no", "commitment number")),
    # For reference on screen: who the manager is in the organisation. Wide enough that
    # these seldom make a row taller than the printed columns need.
    Column("manager_id", "Manager id", 11, aliases=("manager's id", "manager ref")),
    Column("department", "Department", 16, kind="wrap"),
    Column("location", "Location", 12, kind="wrap"),
    Column("level", "Level", 6.5, kind="number"),
    Column("title", "Title", 22, kind="wrap", aliases=("job title", "manager title")),
    # Printed (PRINTED_PLAN_KEYS): the manager by name, what they commit to, and its follow-up.
    Column("manager", "Manager", 18, kind="wrap", aliases=("manager name",)),
    Column("practice", "Practice", 16, editable=True, kind="wrap", aliases=("practice family",)),
    Column("text", "Commitment", 38, editable=True, kind="wrap", aliases=("commitment text",)),
    Column("serves", "Serves", 19, kind="wrap", aliases=("whom it serves",)),
    Column("measure", "Measure", 24, editable=True, kind="wrap", aliases=("measure of success",)),
    Column("cadence", "Cadence", 10.5, editable=True, aliases=("review cadence", "frequency")),
    Column("due", "Due date", 11.5, editable=True, kind="date", aliases=("due", "review date")),
    Column("status", "Status", 11.5, editable=True),
    Column(
        "note",
        "Last progress note",
        26,
        editable=True,
        kind="wrap",
        aliases=("progress note", "last note", "progress"),
    ),
    Column("note_date", "Note date", 11.5, editable=True, kind="date", aliases=("note on",)),
    # For reference too; wide, for the same reason.
    Column("needs", "Needs answered", 44, kind="wrap", aliases=("needs",)),
)
COLUMN_BY_KEY = {column.key: column for column in PLAN_COLUMNS}
# What the Action plan sheet prints: these columns, side by side in this order (the print
# area); the others are for reference on screen. Their widths add up to what prints at about
# 8.5 points fitted to the width of a landscape page in Excel (Calibri; LibreOffice with
# Carlito alike). tests/io/test_action_plan_libreoffice.py measures it.
PRINTED_PLAN_KEYS = (
    "manager",
    "practice",
    "text",
    "serves",
    "measure",
    "cadence",
    "due",
    "status",
    "note",
)
# Without these the sheet cannot be matched to the plan at all.
REQUIRED_KEYS = ("id", "manager_id", "text", "status")

# Fields whose canonical form the export record fingerprints, in this order.
TRACKED_FIELDS = ("practice", "text", "measure", "cadence", "due", "status", "note")
FIELD_WORDS = {
    "practice": "practice",
    "text": "commitment",
    "measure": "measure",
    "cadence": "cadence",
    "due": "due date",
    "status": "status",
    "note": "progress note",
}
_FIELD_INDEX = {name: i for i, name in enumerate(TRACKED_FIELDS)}
_DIGEST_CHARS = 10  # hex characters per field: 40 bits, ample to notice an edit of one cell


def header_key(text: str) -> str:
    """Header texts compare without case, outer spaces, doubled spaces or a trailing colon."""
    return " ".join(text.replace("\n", " ").split()).casefold().rstrip(":").strip()


# -- safe text ---------------------------------------------------------------------------------

# Characters an XML 1.0 document cannot carry, and lone surrogates (not encodable as UTF-8).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Anything that needs a closer look: illegal characters, a carriage return, an escape look-alike.
SUSPECT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\r\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_"
)
_ESCAPE_LOOKALIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
# First characters that make Excel (or a CSV made from the sheet) read text as a formula.
RISKY_FIRST = frozenset("=+-@\t\r")


# Texts are looked through joined, this many characters at a time: one pass instead of one
# per cell, without a second copy of a whole column.
_JOINED_CHARS = 1 << 22
# The bytes below a space that SUSPECT_TEXT finds (all but tab and line feed).
_SUSPECT_CONTROLS = bytes(c for c in range(0x20) if c not in (0x09, 0x0A))


def joined_blocks(texts: Sequence[str]) -> Iterator[str]:
    """``texts`` joined by line feeds, a few million characters at a time."""
    total = sum(map(len, texts))
    step = max(1, len(texts) * _JOINED_CHARS // max(total, 1))
    for start in range(0, len(texts), step):
        yield "\n".join(texts[start : start + step])


def any_suspect(texts: Sequence[str]) -> bool:
    """Whether :data:`SUSPECT_TEXT` finds anything in one of ``texts``.

    The expression looks at every character (about 5 ms per million); a block is first
    tested with what runs at memory speed, and searched only if that test says it may hold
    something: a control character (the UTF-8 bytes below a space), a lone surrogate (which
    UTF-8 cannot encode), U+FFFE or U+FFFF (bytes EF BF ...), or an ``_x`` starting an escape.
    """
    for block in joined_blocks(texts):
        if "_x" not in block:
            try:
                data = block.encode("utf-8")
            except UnicodeEncodeError:
                data = b""  # a lone surrogate: the expression says where
            else:
                if len(data.translate(None, _SUSPECT_CONTROLS)) == len(data) and (
                    b"\xef\xbf" not in data
                ):
                    continue
        if SUSPECT_TEXT.search(block) is not None:
            return True
    return False


def cut_marker(left_out: int) -> str:
    return f" … [cut here: {left_out:,} more characters are in Pyramid Planner]"


@dataclass(frozen=True)
class CleanText:
    """Text ready for a cell: ``value`` (unescaped, as a reader shows it) and what was done."""

    value: str
    removed: int = 0  # characters XML cannot hold, taken out
    cut_from: int = 0  # the length before cutting, or 0 when nothing was cut


def clean_text(text: str) -> CleanText:
    """``text`` as the workbook will show it: legal characters only, within Excel's limit."""
    if len(text) <= EXCEL_MAX_TEXT and SUSPECT_TEXT.search(text) is None:
        return CleanText(text)
    removed = 0
    if _ILLEGAL.search(text) is not None:
        before = len(text)
        text = _ILLEGAL.sub("", text)
        removed = before - len(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(excel_escaped(text)) <= EXCEL_MAX_TEXT:
        return CleanText(text, removed)
    original = len(text)
    keep = EXCEL_MAX_TEXT - len(cut_marker(original))
    while True:
        shown = text[:keep] + cut_marker(original - keep)
        excess = len(excel_escaped(shown)) - EXCEL_MAX_TEXT
        if excess <= 0:
            return CleanText(shown, removed, original)
        keep -= excess


def excel_escaped(text: str) -> str:
    """The text as stored in the file: an underscore starting ``_xHHHH_`` written as
    ``_x005F_`` so that Excel and calamine read back exactly ``text``."""
    if "_x" not in text:
        return text
    return _ESCAPE_LOOKALIKE.sub("_x005F_", text)


def canonical_text(text: str) -> str:
    """The form in which app text and workbook text are compared."""
    if len(text) <= EXCEL_MAX_TEXT and SUSPECT_TEXT.search(text) is None:
        return text.strip()  # clean_text's own first test, without making its record
    return clean_text(text).value.strip()


# -- canonical values and fingerprints --------------------------------------------------------


def canonical_texts(texts: Sequence[str]) -> list[str]:
    """:func:`canonical_text` of each text: stripped, after a look through them all joined,
    when none is too long or suspect (the usual case)."""
    if max(map(len, texts), default=0) <= EXCEL_MAX_TEXT and not any_suspect(texts):
        return [text.strip() for text in texts]
    return [canonical_text(text) for text in texts]


def canonical_date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def note_key(text: str, on: dt.date | None) -> str:
    return f"{text}\x1f{canonical_date(on)}"


def canonical_field(commitment: Commitment, name: str) -> str:
    """One tracked field of ``commitment`` as the workbook shows it."""
    if name in ("practice", "text", "measure", "cadence"):
        return canonical_text(getattr(commitment, name))
    if name == "due":
        return canonical_date(commitment.due)
    if name == "status":
        return commitment.status.value
    last = commitment.last_note
    return note_key(canonical_text(last.text), last.on) if last else note_key("", None)


def commitment_canonical(commitment: Commitment) -> dict[str, str]:
    """Each tracked field of ``commitment`` as the workbook shows it."""
    return {name: canonical_field(commitment, name) for name in TRACKED_FIELDS}


def digest(canonical: str) -> str:
    data = canonical.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=_DIGEST_CHARS // 2).hexdigest()


def fingerprint(canonical: dict[str, str]) -> str:
    """One short text holding a digest of every tracked field, in :data:`TRACKED_FIELDS` order."""
    return "".join(digest(canonical[name]) for name in TRACKED_FIELDS)


def fingerprints(commitments: Sequence[Commitment]) -> list[str]:
    """:func:`fingerprint` of each commitment's :func:`commitment_canonical`, worked out a
    field at a time over a block of commitments: each distinct value of a field is made
    canonical and digested once (a plan repeats its practices, measures, cadences, statuses
    and dates), the texts checked together: a million commitments in about 4 s instead of 15.
    """
    prints: list[str] = []
    for start in range(0, len(commitments), _FINGERPRINT_BLOCK):
        block = commitments[start : start + _FINGERPRINT_BLOCK]
        digests = [_field_digests(block, name) for name in TRACKED_FIELDS]
        prints.extend(map("".join, zip(*digests, strict=True)))
    return prints


_FINGERPRINT_BLOCK = 50_000


def _field_digests(commitments: Sequence[Commitment], name: str) -> list[str]:
    """:func:`digest` of :func:`canonical_field` ``name`` of each commitment."""
    values: list[Any]
    if name == "note":
        values = [commitment.last_note for commitment in commitments]
    else:
        values = [getattr(commitment, name) for commitment in commitments]
    distinct = list(dict.fromkeys(values))
    canonical: list[str]
    if name in ("practice", "text", "measure", "cadence"):
        canonical = canonical_texts(distinct)
    elif name == "due":
        canonical = [canonical_date(due) for due in distinct]
    elif name == "status":
        canonical = [status.value for status in distinct]
    else:
        texts = canonical_texts([last.text if last else "" for last in distinct])
        canonical = [
            note_key(text, last.on if last else None)
            for text, last in zip(texts, distinct, strict=True)
        ]
    found = dict(zip(distinct, map(digest, canonical), strict=True))
    return list(map(found.__getitem__, values))


def fingerprint_digests(text: str) -> Callable[[str], str] | None:
    """A lookup of one field's digest in a fingerprint, or None if ``text`` is not one."""
    if len(text) != _DIGEST_CHARS * len(TRACKED_FIELDS):
        return None
    step = _DIGEST_CHARS

    def digest_of(name: str) -> str:
        at = _FIELD_INDEX[name] * step
        return text[at : at + step]

    return digest_of


def record_time(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


# -- reading cells back -------------------------------------------------------------------------

STATUS_WORDS = ", ".join(f'"{status.value}"' for status in Status)
_STATUS_BY_KEY = {status.value.replace(" ", ""): status for status in Status}
_STATUS_BY_KEY.update({"ongoing": Status.IN_PROGRESS, "started": Status.IN_PROGRESS})
_STATUS_BY_KEY.update({"completed": Status.DONE, "complete": Status.DONE})
_STATUS_BY_KEY.update({"cancelled": Status.DROPPED, "canceled": Status.DROPPED})
_STATUS_SPACES = re.compile(r"[\s_\-]+")


def parse_status(text: str) -> Status | None:
    """A status as people type it ("In Progress", "in-progress", "Done "), or None."""
    return _STATUS_BY_KEY.get(_STATUS_SPACES.sub("", text).casefold())


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ \-]+([a-z]+)\.?,?[ \-]+(\d{2}|\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?[ \-]+(\d{1,2})(?:st|nd|rd|th)?,?[ \-]+(\d{4})")
DATE_EXAMPLE = "2025-06-30 or 30 Jun 2025"
# Excel's serial day numbers that are real dates (1900-01-01 to 9999-12-31).
_SERIAL_RANGE = (1, 2_958_465)


class DateProblem(ValueError):
    """A cell that should hold a date and does not; the message says what was found."""


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _make(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateProblem(f"{raw!r} is not a real date") from None


def parse_date_text(raw: str) -> dt.date | None:
    """A date typed as text in one of the common ways, None when empty; DateProblem if unsure.

    ``06/07/2025`` could be 6 July or June 7: rather than guess, it is refused; a day above 12
    settles the order.
    """
    text = " ".join(raw.split()).casefold()
    if not text:
        return None
    match = _ISO.fullmatch(text)
    if match:
        return _make(int(match[1]), int(match[2]), int(match[3]), raw)
    match = _NUMERIC.fullmatch(text)
    if match:
        first, separator, second, year = int(match[1]), match[2], int(match[3]), _year(match[4])
        if separator == "/" and first <= 12 and second <= 12 and first != second:
            raise DateProblem(
                f"{raw!r} could be read day first or month first; write it as {DATE_EXAMPLE}"
            )
        if first > 12 or separator != "/":
            return _make(year, second, first, raw)
        if second > 12:
            return _make(year, first, second, raw)
        return _make(year, second, first, raw)
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        match = pattern.fullmatch(text)
        if match:
            day_text, month_text = (match[1], match[2]) if order == "dmy" else (match[2], match[1])
            month = _MONTHS.get(month_text)
            if month is None:
                break
            return _make(_year(match[3]), month, int(day_text), raw)
    raise DateProblem(f"{raw!r} is not a date Pyramid Planner can read; write it as {DATE_EXAMPLE}")


def parse_date_cell(value: object) -> dt.date | None:
    """A date cell as calamine hands it over: a date, a serial number or text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _after_1900(value.date())
    if isinstance(value, dt.date):
        return _after_1900(value)
    if isinstance(value, dt.time):
        # What the library makes of a date cell below 1: a negative or fractional serial.
        raise DateProblem(
            "the cell holds a time of day or a number below 1, not a date (type it as YYYY-MM-DD)"
        )
    if isinstance(value, bool):
        raise DateProblem(f"{'TRUE' if value else 'FALSE'} is not a date")
    if isinstance(value, int | float):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return _after_1900(dt.date(1899, 12, 30) + dt.timedelta(days=int(value)))
        raise DateProblem(f"{value:g} is not a date")
    if isinstance(value, str):
        return parse_date_text(value)
    raise DateProblem(f"{value!r} is not a date")


# Excel counts a 29 February 1900 that never was (serial 60), so its serials before March 1900
# name other days than the library makes of them; a NaN serial reads as 30 December 1899.
_FIRST_RELIABLE_DAY = dt.date(1900, 3, 1)


def _after_1900(day: dt.date) -> dt.date:
    if day < _FIRST_RELIABLE_DAY:
        raise DateProblem(
            f"{day.isoformat()} is before 1 March 1900, where Excel's dates are not reliable "
            "(it counts a 29 February 1900 that never was); type the date as YYYY-MM-DD"
        )
    return day


def cell_text(value: object) -> str:
    """A cell read back as text: numbers without a needless ``.0``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()
