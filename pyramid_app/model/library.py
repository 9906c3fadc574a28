"""The practice library: families of servant-leadership practice, each with suggested commitments.

The shipped families come from ``resources/practices.json`` (read by ``pyramid_app.io``); a
project adds its own families and suggestions on top, and only those additions are stored in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Suggestion:
    """A commitment a planner can start from: its wording, measure and review cadence."""

    text: str
    measure: str = ""
    cadence: str = ""


@dataclass(frozen=True)
class PracticeFamily:
    name: str
    description: str = ""
    suggestions: tuple[Suggestion, ...] = ()
    shipped: bool = False


@dataclass
class PracticeLibrary:
    """Families in the order shown; a user family of the same name as a shipped one extends it."""

    shipped: tuple[PracticeFamily, ...] = ()
    user_families: dict[str, PracticeFamily] = field(default_factory=dict)

    def families(self) -> list[PracticeFamily]:
        merged: dict[str, PracticeFamily] = {family.name: family for family in self.shipped}
        for name, family in self.user_families.items():
            base = merged.get(name)
            if base is None:
                merged[name] = family
            else:
                merged[name] = PracticeFamily(
                    name,
                    base.description,
                    base.suggestions + family.suggestions,
                    shipped=True,
                )
        return list(merged.values())

    def __iter__(self) -> Iterator[PracticeFamily]:
        return iter(self.families())

    def names(self) -> list[str]:
        return [family.name for family in self.families()]

    def family(self, name: str) -> PracticeFamily | None:
        return next((family for family in self.families() if family.name == name), None)

    def suggestions(self) -> Iterable[tuple[str, Suggestion]]:
        for family in self.families():
            for suggestion in family.suggestions:
                yield family.name, suggestion
