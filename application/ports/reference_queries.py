from __future__ import annotations

from typing import Protocol

from application.refs.views import ReferenceItem


class ReferenceQueries(Protocol):
    async def items(self, name: str) -> list[ReferenceItem]:
        """Every row of one reference, archived ones included, ordered by code."""
        ...
