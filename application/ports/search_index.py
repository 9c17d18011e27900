from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.organisation.org_unit import OrgKind


class SearchIndex(Protocol):
    """The text lists search may copy the names of the rows a row points at (a vacancy's position
    and department). When such a name changes, the copies follow, in the same transaction."""

    async def org_unit_renamed(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> None:
        """Refresh what the company's lists search for the rows that point at this unit,
        soft-deleted ones included (a restore brings them back with the current name)."""
        ...
