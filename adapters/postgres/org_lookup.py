from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from sqlalchemy import Table, exists, select

from adapters.postgres.session import PgSession
from adapters.postgres.tables import departments, grades, positions
from domain.organisation.org_unit import OrgKind

TABLES: dict[OrgKind, Table] = {
    OrgKind.DEPARTMENT: departments,
    OrgKind.POSITION: positions,
    OrgKind.GRADE: grades,
}


class SqlaOrgUnitLookup:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def exists(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> bool:
        table = TABLES[kind]
        query = select(exists().where(table.c.company_id == company_id, table.c.id == unit_id))
        return bool((await self._session.read(query)).scalar())

    async def missing(self, company_id: UUID, units: Mapping[OrgKind, UUID]) -> set[OrgKind]:
        if not units:
            return set()
        kinds = list(units)
        query = select(
            *(
                exists().where(
                    TABLES[kind].c.company_id == company_id, TABLES[kind].c.id == units[kind]
                )
                for kind in kinds
            )
        )
        found = (await self._session.read(query)).one()
        return {kind for kind, present in zip(kinds, found, strict=True) if not present}
