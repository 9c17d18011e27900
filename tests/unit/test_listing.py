"""The one shape of a list request (application/listing.py, entrypoints/http/listing.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

import pytest

from application.listing import ListFilters, ListRequest
from domain.errors import InvalidInput
from entrypoints.http.listing import ListQuery


@dataclass(frozen=True, slots=True, kw_only=True)
class ThingFilters(ListFilters):
    name: str | None = None
    tag_ids: tuple[UUID, ...] = ()
    from_day: date | None = None
    to_day: date | None = None

    ranges = (("from_day", "to_day"),)


@dataclass(frozen=True, kw_only=True)
class ThingQuery:
    name: str | None = None
    tag_id: list[UUID] | None = None
    from_day: date | None = None
    to_day: date | None = None
    sort: str | None = None
    limit: int = 50
    offset: int = 0


def problems(error: InvalidInput) -> dict[str, str]:
    return {problem.field: problem.message for problem in error.problems}


def test_a_reversed_range_is_refused_on_its_upper_bound() -> None:
    filters = ThingFilters(from_day=date(2026, 2, 1), to_day=date(2026, 1, 1))
    with pytest.raises(InvalidInput) as caught:
        filters.check()
    assert problems(caught.value) == {"to_day": "not less than from_day"}


def test_an_open_or_equal_range_is_fine() -> None:
    ThingFilters(from_day=date(2026, 1, 1)).check()
    ThingFilters(from_day=date(2026, 1, 1), to_day=date(2026, 1, 1)).check()


def test_checked_gives_filters_page_and_order_or_refuses_them() -> None:
    request = ListRequest(filters=ThingFilters(), sort="-name", limit=10, offset=5)
    filters, page, order = request.checked(("name",), "name")
    assert (filters, page.limit, page.offset, order.field, order.descending) == (
        ThingFilters(),
        10,
        5,
        "name",
        True,
    )
    with pytest.raises(InvalidInput):
        ListRequest(filters=ThingFilters(), sort="colour").checked(("name",), "name")
    with pytest.raises(InvalidInput):
        ListRequest(filters=ThingFilters(), limit=0).checked(("name",), "name")


def test_query_parameters_become_the_list_request() -> None:
    query = ListQuery(ThingQuery, ThingFilters, rename={"tag_id": "tag_ids"})
    tag = uuid4()
    request = query(ThingQuery(name="a", tag_id=[tag], sort="name", limit=3, offset=1))
    assert request == ListRequest(
        filters=ThingFilters(name="a", tag_ids=(tag,)), sort="name", limit=3, offset=1
    )
    # a repeated parameter left out is the empty tuple, not None
    assert query(ThingQuery()).filters.tag_ids == ()


def test_a_query_parameter_without_a_filter_is_refused_at_once() -> None:
    with pytest.raises(TypeError, match=r"ThingFilters has no filter for ThingQuery\.\['tag_id'\]"):
        ListQuery(ThingQuery, ThingFilters)
