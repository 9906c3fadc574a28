"""The chart the window draws: the whole organisation, or one team with the chain below it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pyramid_app.model.layout import ContextChain
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.legend import TeamShown


@dataclass
class Focus:
    """The chart drawn: the whole organisation or one team, with node indexes of its own."""

    chart: OrgChart
    original: np.ndarray | None = None  # index in the full chart of each shown node
    # Of a team: the managers it hangs from in the full chart, its manager first, the chief
    # executive last. Drawn grey under the team; not in ``chart``, so never counted.
    chain: list[int] = field(default_factory=list)

    def context(self, whole: OrgChart) -> ContextChain | None:
        """The chain below the team, as the layout draws it (None: the whole organisation)."""
        if not self.chain:
            return None
        return ContextChain(
            ids=[whole.ids[i] for i in self.chain],
            names=[whole.names[i] for i in self.chain],
            titles=[whole.titles[i] for i in self.chain],
        )

    def team_shown(self) -> TeamShown | None:
        """The team as the legend counts it (None: the whole organisation)."""
        if self.original is None:
            return None
        chart, original = self.chart, self.original
        linked = chart.parent >= 0
        linked[linked] = chart.real[chart.parent[linked]]
        name = chart.names[chart.root] or chart.ids[chart.root]
        return TeamShown(name, original[chart.real], original[linked])
