"""What a results sheet read a column at a time would change in the project, worked out over
its codes (:class:`~pyramid_app.io.spreadsheet.results_by_column.ColumnCodes`): the same update
:func:`~pyramid_app.model.result_commands.compare_results` makes of the results one by one.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from pyramid_app.io.spreadsheet.results_by_column import ColumnCodes
from pyramid_app.io.spreadsheet.results_cells import ResultsRead
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import ResultsUpdate
from pyramid_app.model.results import Period, Result


def compare_by_column(project: Project, read: ResultsRead) -> ResultsUpdate:
    """What :func:`~pyramid_app.model.result_commands.compare_results` says of ``read``'s
    results, worked out a measure and unit at a time over the codes."""
    codes: ColumnCodes = read.columns
    results = read.results
    count = len(results)
    update = ResultsUpdate()
    if not count:
        return update
    old = np.zeros(count, dtype=np.float64)
    has_old = np.zeros(count, dtype=bool)
    period_index = {period: at for at, period in enumerate(codes.periods)}
    # Only the rows of a measure the project has results of can have an old value.
    kept_before = [project.results.measure_name(name) is not None for name in codes.measures]
    order = np.flatnonzero(np.array(kept_before, dtype=bool)[codes.measure_codes])
    pairs = codes.measure_codes[order] * (len(codes.units) + 1) + codes.unit_codes[order]
    order = order[np.argsort(pairs, kind="stable")]
    ordered = np.sort(pairs, kind="stable")
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]).tolist()
    for start, end in pairwise([*starts, len(order)] if len(order) else []):
        pair = int(ordered[start])
        measure, unit = divmod(pair, len(codes.units) + 1)
        series = project.results.series(codes.measures[measure], codes.units[unit])
        if not series:
            continue
        known = np.zeros(len(codes.periods) + 1, dtype=bool)
        values = np.zeros(len(codes.periods) + 1, dtype=np.float64)
        for period, value in series:
            at = period_index.get(period)
            if at is not None:
                known[at], values[at] = True, value
        rows = order[start:end]
        has_old[rows] = known[codes.period_codes[rows]]
        old[rows] = values[codes.period_codes[rows]]
    same = has_old & (old == codes.values)
    update.unchanged = int(same.sum())
    new_rows = np.flatnonzero(~has_old)
    update.new = (
        list(results) if len(new_rows) == count else [results[i] for i in new_rows.tolist()]
    )
    for at in np.flatnonzero(has_old & ~same).tolist():
        result = results[at]
        was = Result(result.unit, result.measure, result.period, float(old[at]))
        update.corrected.append((was, result))
    used = np.bincount(codes.period_codes[new_rows], minlength=len(codes.periods))
    fresh = {codes.periods[c] for c in np.flatnonzero(used).tolist()}
    update.new_periods = sorted(fresh - _periods_of(project, fresh))
    return update


def _periods_of(project: Project, wanted: set[Period]) -> set[Period]:
    """Those of ``wanted`` the project has any result for."""
    found: set[Period] = set()
    if not wanted:
        return found
    results = project.results
    for measure in results.measures():
        for unit in results.units(measure):
            found.update(period for period, _value in results.series(measure, unit))
            if wanted <= found:
                return found
    return found
