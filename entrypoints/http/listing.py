"""Query parameters → a list request, declared once per list.

A list states its query parameters as one frozen dataclass (its fields annotated with
`QueryParameter`, so the schema documents each one) holding the filters under the names of the
application's filters dataclass, plus `sort`, `limit` and `offset`. `ListQuery` turns it into a
Litestar dependency and converts the parsed parameters into a `ListRequest`: a repeated
parameter arrives as a list and becomes the filter's tuple. A query field that is not a filter
stops the import, like a body field without a place in its request."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

from litestar.di import Provide

from application.listing import ListFilters, ListRequest

F = TypeVar("F", bound=ListFilters)

PAGING = frozenset({"sort", "limit", "offset"})


class ListQuery(Generic[F]):
    def __init__(
        self, query: type, filters: type[F], rename: Mapping[str, str] | None = None
    ) -> None:
        """`rename`: a query parameter whose filter has another name (`skill_id`, repeated,
        is the filter `skill_ids`)."""
        self.query = query
        self.filters = filters
        self._rename = dict(rename or {})
        filter_fields = {field.name: field for field in dataclasses.fields(filters)}  # type: ignore[arg-type]
        query_fields = {field.name for field in dataclasses.fields(query)} - PAGING
        targets = {self._rename.get(name, name) for name in query_fields}
        if lost := sorted(targets - set(filter_fields)):
            raise TypeError(f"{filters.__name__} has no filter for {query.__name__}.{lost}")
        self._fields = sorted(query_fields)
        # a filter kept as a tuple: a parameter left out (None) is the empty tuple
        self._tuples = {name for name in targets if filter_fields[name].default == ()}

    def dependency(self) -> Provide:
        """Litestar reads each field of the query dataclass as one query parameter."""
        return Provide(self.query, sync_to_thread=False)

    def __call__(self, parsed: Any) -> ListRequest[F]:
        values = {self._rename.get(name, name): getattr(parsed, name) for name in self._fields}
        for name in self._tuples:
            values[name] = tuple(values[name] or ())
        return ListRequest(
            filters=self.filters(**values),
            sort=parsed.sort,
            limit=parsed.limit,
            offset=parsed.offset,
        )
