from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from adapters.memory.store import InMemoryStore
from domain.organisation.org_unit import OrgKind

TABLES = {OrgKind.DEPARTMENT: "departments", OrgKind.POSITION: "positions", OrgKind.GRADE: "grades"}


class InMemoryOrgUnitLookup:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def exists(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> bool:
        row = self._store.table(TABLES[kind]).get(unit_id)
        return row is not None and row.company_id == company_id

    async def missing(self, company_id: UUID, units: Mapping[OrgKind, UUID]) -> set[OrgKind]:
        return {
            kind
            for kind, unit_id in units.items()
            if not await self.exists(company_id, kind, unit_id)
        }
