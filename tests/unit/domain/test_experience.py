"""Total experience: the union of the work periods in whole years and months."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.candidates.experience import Experience, merged_runs, total_experience, whole_months

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        # the example of API.md: overlapping years counted once
        ([(date(2015, 1, 1), date(2018, 12, 31)), (date(2018, 1, 1), date(2020, 12, 31))], (6, 0)),
        ([], (0, 0)),
        ([(date(2020, 1, 1), date(2020, 1, 31))], (0, 1)),  # both dates inclusive
        ([(date(2020, 1, 1), date(2020, 1, 30))], (0, 0)),  # 30 days: not a whole month
        ([(date(2020, 1, 15), date(2020, 2, 14))], (0, 1)),
        ([(date(2020, 1, 31), date(2020, 2, 28))], (0, 0)),  # to 2020-02-29 exclusive: < a month
        ([(date(2019, 1, 31), date(2019, 2, 27))], (0, 0)),
        ([(date(2020, 1, 1), date(2020, 12, 31))], (1, 0)),
        ([(date(2020, 3, 1), date(2021, 5, 31))], (1, 3)),
        # adjacent periods merge: 2020 plus 2021 is two whole years, not 11 + 11 months
        (
            [(date(2020, 1, 1), date(2020, 12, 30)), (date(2020, 12, 31), date(2021, 12, 31))],
            (2, 0),
        ),
        # a gap of one day keeps them apart; each run keeps only its whole months
        ([(date(2020, 1, 1), date(2020, 6, 15)), (date(2020, 6, 17), date(2020, 12, 31))], (0, 11)),
        # a period inside another adds nothing
        ([(date(2010, 1, 1), date(2019, 12, 31)), (date(2012, 5, 5), date(2013, 7, 7))], (10, 0)),
        # an open period runs to today (inclusive): 2026-01-01 .. 2026-11-29
        ([(date(2026, 1, 1), None)], (0, 10)),
        ([(date(2025, 11, 30), None)], (1, 0)),
        ([(date(2024, 3, 1), None), (date(2020, 1, 1), date(2022, 12, 31))], (5, 8)),
        # days after today do not count; a period starting after today counts nothing
        ([(date(2026, 10, 30), date(2027, 5, 1))], (0, 1)),
        ([(date(2027, 1, 1), None)], (0, 0)),
        # a reversed period counts nothing
        ([(date(2020, 5, 1), date(2020, 1, 1))], (0, 0)),
    ],
)
def test_examples(periods: list[tuple[date, date | None]], expected: tuple[int, int]) -> None:
    assert total_experience(periods, TODAY) == Experience(*expected)


def test_experience_splits_months_into_years() -> None:
    assert Experience.of_months(0) == Experience(0, 0)
    assert Experience.of_months(11) == Experience(0, 11)
    assert Experience.of_months(12) == Experience(1, 0)
    assert Experience.of_months(75).total_months == 75


def test_whole_months_counts_calendar_months() -> None:
    assert whole_months(date(2020, 1, 1), date(2020, 2, 1)) == 1
    assert whole_months(date(2020, 1, 31), date(2020, 3, 1)) == 1
    assert whole_months(date(2020, 1, 31), date(2020, 3, 31)) == 2
    assert whole_months(date(2020, 2, 1), date(2020, 1, 1)) == 0


def test_merged_runs_join_overlapping_and_adjacent_periods() -> None:
    runs = merged_runs(
        [
            (date(2021, 1, 1), date(2021, 3, 31)),
            (date(2020, 1, 1), date(2020, 6, 30)),
            (date(2020, 7, 1), date(2020, 8, 31)),
            (date(2020, 3, 1), date(2020, 4, 1)),
        ],
        TODAY,
    )
    assert runs == [
        (date(2020, 1, 1), date(2020, 8, 31)),
        (date(2021, 1, 1), date(2021, 3, 31)),
    ]


# --- properties --------------------------------------------------------------------------------

days = st.dates(min_value=date(1960, 1, 1), max_value=TODAY)


@st.composite
def periods(draw: st.DrawFn) -> tuple[date, date | None]:
    start = draw(days)
    if draw(st.booleans()):
        return start, None
    return start, draw(st.dates(min_value=start, max_value=TODAY))


period_lists = st.lists(periods(), max_size=8)


@given(period_lists)
def test_never_negative(items: list[tuple[date, date | None]]) -> None:
    experience = total_experience(items, TODAY)
    assert experience.years >= 0 and 0 <= experience.months < 12


@given(period_lists, st.randoms(use_true_random=False))
def test_order_independent(items: list[tuple[date, date | None]], random) -> None:
    shuffled = list(items)
    random.shuffle(shuffled)
    assert total_experience(shuffled, TODAY) == total_experience(items, TODAY)


@given(period_lists, st.data())
def test_overlap_never_double_counted(items: list[tuple[date, date | None]], data) -> None:
    if items:
        duplicated = data.draw(st.sampled_from(items))
        assert total_experience([*items, duplicated], TODAY) == total_experience(items, TODAY)
    assert total_experience([*items, *items], TODAY) == total_experience(items, TODAY)


@given(period_lists, st.data())
def test_a_contained_period_adds_nothing(items: list[tuple[date, date | None]], data) -> None:
    if not items:
        return
    start, end = data.draw(st.sampled_from(items))
    last = end or TODAY
    inner_start = data.draw(st.dates(min_value=start, max_value=last))
    inner_end = data.draw(st.dates(min_value=inner_start, max_value=last))
    assert total_experience([*items, (inner_start, inner_end)], TODAY) == total_experience(
        items, TODAY
    )


@given(period_lists)
def test_never_more_than_the_span_from_the_earliest_start_to_today(
    items: list[tuple[date, date | None]],
) -> None:
    experience = total_experience(items, TODAY)
    if not items:
        assert experience == Experience(0, 0)
        return
    earliest = min(start for start, _ in items)
    span = whole_months(earliest, TODAY + timedelta(days=1))
    assert experience.total_months <= span
    # and working the whole span reaches it exactly
    assert total_experience([*items, (earliest, None)], TODAY).total_months == span


@given(period_lists, periods())
def test_adding_a_period_never_lowers_the_total(
    items: list[tuple[date, date | None]], extra: tuple[date, date | None]
) -> None:
    before = total_experience(items, TODAY).total_months
    assert total_experience([*items, extra], TODAY).total_months >= before


@given(periods())
def test_one_whole_period_is_its_calendar_months(item: tuple[date, date | None]) -> None:
    start, end = item
    expected = whole_months(start, (end or TODAY) + timedelta(days=1))
    assert total_experience([item], TODAY).total_months == expected
