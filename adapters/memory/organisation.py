from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from adapters.memory.store import InMemoryStore
from application.errors import AlreadyExists, InUse, NotFound, PreconditionFailed
from application.organisation.views import OrgUnitList, OrgUnitView
from application.ports.organisation import OrgUnitListCriteria
from domain.organisation.org_unit import OrgKind, OrgUnit

TABLES: dict[OrgKind, str] = {
    OrgKind.DEPARTMENT: "departments",
    OrgKind.POSITION: "positions",
    OrgKind.GRADE: "grades",
}
# Who may point at a unit: users always; candidates and vacancies once their adapters exist.
_REFERRING_TABLES = ("candidates", "vacancies")


def _rows(store: InMemoryStore, kind: OrgKind, company_id: UUID) -> list[OrgUnit]:
    return [u for u in store.table(TABLES[kind]).values() if u.company_id == company_id]


def _points_at(row: Any, kind: OrgKind, unit: OrgUnit) -> bool:
    return (
        getattr(row, "company_id", unit.company_id) == unit.company_id
        and getattr(row, f"{kind.value}_id", None) == unit.id
    )


class InMemoryOrgUnitRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(
        self, company_id: UUID, kind: OrgKind, unit_id: UUID, *, for_update: bool = False
    ) -> OrgUnit | None:
        unit = self._store.table(TABLES[kind]).get(unit_id)
        if unit is None or unit.company_id != company_id:
            return None
        return copy.copy(unit)

    async def add(self, unit: OrgUnit) -> None:
        self._ensure_name_free(unit)
        self._store.table(TABLES[unit.kind])[unit.id] = copy.copy(unit)

    async def save(self, unit: OrgUnit, expected_version: int) -> None:
        stored = await self.get(unit.company_id, unit.kind, unit.id)
        if stored is None:
            raise NotFound(f"no such {unit.kind.value}")
        if stored.version != expected_version:
            raise PreconditionFailed(f"the {unit.kind.value} was changed by someone else")
        self._ensure_name_free(unit)
        self._store.table(TABLES[unit.kind])[unit.id] = copy.copy(unit)

    async def delete(self, unit: OrgUnit) -> None:
        stored = await self.get(unit.company_id, unit.kind, unit.id)
        if stored is None:
            raise NotFound(f"no such {unit.kind.value}")
        if stored.version != unit.version:
            raise PreconditionFailed(f"the {unit.kind.value} was changed by someone else")
        if self._is_referenced(unit):
            raise InUse(f"the {unit.kind.value} is still referenced")
        del self._store.table(TABLES[unit.kind])[unit.id]

    def _ensure_name_free(self, unit: OrgUnit) -> None:
        for other in _rows(self._store, unit.kind, unit.company_id):
            if other.id != unit.id and other.name_key() == unit.name_key():
                raise AlreadyExists(f"a {unit.kind.value} with this name exists")

    def _is_referenced(self, unit: OrgUnit) -> bool:
        if any(_points_at(user, unit.kind, unit) for user in self._store.users.values()):
            return True
        return any(
            _points_at(row, unit.kind, unit)
            for table in _REFERRING_TABLES
            for row in self._store.tables.get(table, {}).values()
        )


class InMemoryOrgUnitQueries:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> OrgUnitView | None:
        unit = self._store.table(TABLES[kind]).get(unit_id)
        if unit is None or unit.company_id != company_id:
            return None
        return OrgUnitView.of(unit)

    async def list(
        self, company_id: UUID, kind: OrgKind, criteria: OrgUnitListCriteria
    ) -> OrgUnitList:
        units = _rows(self._store, kind, company_id)
        if criteria.q:
            fragment = criteria.q.lower()
            units = [u for u in units if fragment in u.name.lower()]
        if criteria.sort.field == "created_at":
            units.sort(key=lambda u: (u.created_at, u.id), reverse=criteria.sort.descending)
        else:
            units.sort(key=lambda u: (u.name.lower(), u.id), reverse=criteria.sort.descending)
        page = units[criteria.page.offset : criteria.page.offset + criteria.page.limit]
        return OrgUnitList(items=[OrgUnitView.of(u) for u in page], count=len(units))
