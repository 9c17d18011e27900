"""The one shape of every list request: filters, a sort, a page.

Each list has a frozen dataclass of filters (None, or an empty tuple, means "not filtered";
every given filter must match) that names its ranges, and a use case that takes a
`ListRequest` of those filters. The HTTP side builds both from query parameters in one step
(entrypoints/http/listing.py), so a new list states its filters once, not in three places."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from application.pagination import DEFAULT_LIMIT, Page, Sort
from domain.errors import ProblemCollector


class ListFilters:
    """A base for a list's filters dataclass. `ranges` pairs the lower and upper bound fields:
    a reversed range could never match, so it is refused on the upper bound's field."""

    __slots__ = ()
    ranges: ClassVar[tuple[tuple[str, str], ...]] = ()

    def check(self) -> None:
        problems = ProblemCollector()
        for low_name, high_name in self.ranges:
            low: Any = getattr(self, low_name)
            high: Any = getattr(self, high_name)
            if low is not None and high is not None:
                problems.check(low <= high, high_name, f"not less than {low_name}")
        problems.raise_if_any()


F = TypeVar("F", bound=ListFilters)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRequest(Generic[F]):
    filters: F
    sort: str | None = None  # `field` or `-field`; None: the list's default order
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def checked(self, sorts: Collection[str], default_sort: str) -> tuple[F, Page, Sort]:
        """The filters, page and order, each refused (InvalidInput) when it cannot be used."""
        page = Page(self.limit, self.offset)
        order = Sort.parse(self.sort, sorts, default_sort)
        self.filters.check()
        return self.filters, page, order
