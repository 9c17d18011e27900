from __future__ import annotations

from typing import Protocol


class ReferenceCatalog(Protocol):
    """Which codes of a reference a new or changed row may point at."""

    async def live_codes(self, name: str) -> set[int]:
        """The codes of reference `name` (as in `/refs/{name}`: "contact-types") that exist
        and are not archived."""
        ...
