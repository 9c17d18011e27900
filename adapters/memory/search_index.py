from __future__ import annotations

from uuid import UUID

from domain.organisation.org_unit import OrgKind


class InMemorySearchIndex:
    """Nothing to refresh: the in-memory lists build their search text from the current rows on
    every query."""

    async def org_unit_renamed(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> None:
        return None
