from __future__ import annotations

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
