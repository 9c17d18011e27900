"""The original system's lists had no pages: the legacy entrypoint reads Gefest's pages one after
the other until the whole count is in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from application.pagination import MAX_LIMIT

T = TypeVar("T")


async def every_page(
    fetch: Callable[[int, int], Awaitable[Any]], convert: Callable[[Any], T]
) -> tuple[list[T], int]:
    """`fetch(limit, offset)` answers a page with `items` and `count`; every item converted,
    and the count."""
    rows: list[T] = []
    while True:
        page = await fetch(MAX_LIMIT, len(rows))
        items: Sequence[Any] = page.items
        rows += [convert(item) for item in items]
        if not items or len(rows) >= page.count:
            return rows, page.count
