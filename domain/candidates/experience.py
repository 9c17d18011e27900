"""Total work experience: the union of a candidate's work periods in whole years and months.

The definition (API.md: "union of the work periods, overlaps counted once, an open period runs to
today; both dates inclusive, whole months counted"):

1. Every period is a set of days `[start, end]`, both inclusive; an open period (`end` None) ends
   today. Days after today do not count (a period is clipped to today; one starting after today
   counts nothing), and a reversed period counts nothing.
2. The periods are merged by day into disjoint runs: overlapping or adjacent periods (the next
   starts at most one day after the previous ends) become one run.
3. Each run `[start, end]` counts its whole months from `start` to the day after `end`: the
   difference in calendar months, minus one when the day of the month of the day after `end` is
   smaller than the day of `start`. Leftover days of a run are dropped, never carried over.
4. The months of the runs are added and split into years and months.

So 2015-01-01..2018-12-31 plus 2018-01-01..2020-12-31 is one run 2015-01-01..2020-12-31, 72 months:
6 years 0 months. The result depends only on the set of days worked (not on order or duplicates),
is never negative, and never exceeds the whole months from the earliest start to the day after today
(the count of step 3 is monotone and superadditive, so disjoint runs never add up to more than the
span that contains them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Experience:
    years: int
    months: int

    @classmethod
    def of_months(cls, months: int) -> Experience:
        return cls(*divmod(months, 12))

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


def whole_months(start: date, end_exclusive: date) -> int:
    """Whole calendar months from `start` up to `end_exclusive` (0 when it is not later)."""
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    if end_exclusive.day < start.day:
        months -= 1
    return max(months, 0)


def merged_runs(
    periods: Iterable[tuple[date, date | None]], today: date
) -> list[tuple[date, date]]:
    """The periods clipped to today, merged by day into disjoint, non-adjacent inclusive runs."""
    clipped = sorted(
        (start, min(end or today, today))
        for start, end in periods
        if start <= min(end or today, today)
    )
    runs: list[tuple[date, date]] = []
    for start, end in clipped:
        if runs and start <= runs[-1][1] + _DAY:
            if end > runs[-1][1]:
                runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


def total_experience(periods: Iterable[tuple[date, date | None]], today: date) -> Experience:
    """The union of the work periods in whole years and months (see the module's definition)."""
    months = sum(whole_months(start, end + _DAY) for start, end in merged_runs(periods, today))
    return Experience.of_months(months)
