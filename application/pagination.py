"""Paging and sorting requests shared by every list."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from domain.errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Page:
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput.single("limit", f"between 1 and {MAX_LIMIT}")
        if self.offset < 0:
            raise InvalidInput.single("offset", "0 or more")


@dataclass(frozen=True, slots=True)
class Sort:
    """`field` ascending or, written `-field`, descending. Ties are always broken by id."""

    field: str
    descending: bool = False

    @classmethod
    def parse(cls, raw: str | None, allowed: Collection[str], default: str) -> Sort:
        text = (raw or default).strip()
        descending = text.startswith("-")
        name = text.removeprefix("-")
        if name not in allowed:
            raise InvalidInput.single(
                "sort", "one of " + ", ".join(sorted(allowed)) + " (prefix - to reverse)"
            )
        return cls(name, descending)
