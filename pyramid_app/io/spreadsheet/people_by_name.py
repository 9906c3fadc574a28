"""Who a manager cell names when it is not an id: a name, in any of its usual forms, or an email.

"Sánchez, Ken J." and "ken j sanchez" have one key (case, accents, dots, spacing and the
"Last, First" order folded); when that finds nobody, one-letter words are dropped too, so a
middle initial written on one side only still matches. Several matches are an ambiguity for the
report, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pyramid_app.io.spreadsheet.cells import initials_dropped, name_key


class PeopleByName:
    """Who a manager cell may name, when it is not an id: a name (in any of its usual forms)
    or an email address. Built once per import, only when some reference needs it."""

    def __init__(self, names: Sequence[str], emails: Sequence[str]) -> None:
        keys = [name_key(name) for name in names]
        self.by_name = _index_of(keys)
        self.by_loose_name = _index_of(initials_dropped(key) for key in keys)
        self.by_email = _index_of(email.casefold() for email in emails)

    def matches(self, reference: str) -> list[int]:
        """Everyone the reference may mean: one person, several (ambiguous), or nobody."""
        key = name_key(reference)
        found = self.by_name.get(key) or self.by_email.get(reference.casefold())
        if found:
            return found
        return self.by_loose_name.get(initials_dropped(key), [])


def _index_of(keys: Iterable[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key:
            found.setdefault(key, []).append(position)
    return found
