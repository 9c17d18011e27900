from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Table, delete, func, insert, select, update

from adapters.postgres.session import PgSession
from adapters.postgres.tables import departments, grades, positions
from application.errors import NotFound, PreconditionFailed
from application.organisation.views import OrgUnitList, OrgUnitView
from application.ports.organisation import OrgUnitListCriteria
from domain.organisation.org_unit import OrgKind, OrgUnit

TABLES: dict[OrgKind, Table] = {
    OrgKind.DEPARTMENT: departments,
    OrgKind.POSITION: positions,
    OrgKind.GRADE: grades,
}


def _unit_from_row(kind: OrgKind, row: Any) -> OrgUnit:
    return OrgUnit(
        id=row.id,
        company_id=row.company_id,
        kind=kind,
        name=row.name,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _view_from_row(row: Any) -> OrgUnitView:
    return OrgUnitView(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


class SqlaOrgUnitRepository:
    """Uniqueness (`uq_<table>_company_id_name` on lower(name)) and "in use" (the RESTRICT
    foreign keys of users, candidates and vacancies) are the database's: a violation arrives
    here already translated into AlreadyExists / InUse by the session."""

    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(
        self, company_id: UUID, kind: OrgKind, unit_id: UUID, *, for_update: bool = False
    ) -> OrgUnit | None:
        table = TABLES[kind]
        query = select(table).where(table.c.company_id == company_id, table.c.id == unit_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else _unit_from_row(kind, row)

    async def add(self, unit: OrgUnit) -> None:
        await self._session.execute(
            insert(TABLES[unit.kind]).values(
                id=unit.id,
                company_id=unit.company_id,
                name=unit.name,
                created_at=unit.created_at,
                updated_at=unit.updated_at,
                version=unit.version,
            )
        )

    async def save(self, unit: OrgUnit, expected_version: int) -> None:
        table = TABLES[unit.kind]
        result = await self._session.execute(
            update(table)
            .where(
                table.c.company_id == unit.company_id,
                table.c.id == unit.id,
                table.c.version == expected_version,
            )
            .values(name=unit.name, updated_at=unit.updated_at, version=unit.version)
        )
        if result.rowcount != 1:
            await self._explain_missed_row(unit)

    async def delete(self, unit: OrgUnit) -> None:
        table = TABLES[unit.kind]
        result = await self._session.execute(
            delete(table).where(
                table.c.company_id == unit.company_id,
                table.c.id == unit.id,
                table.c.version == unit.version,
            )
        )
        if result.rowcount != 1:
            await self._explain_missed_row(unit)

    async def _explain_missed_row(self, unit: OrgUnit) -> None:
        if await self.get(unit.company_id, unit.kind, unit.id) is None:
            raise NotFound(f"no such {unit.kind.value}")
        raise PreconditionFailed(f"the {unit.kind.value} was changed by someone else")


class SqlaOrgUnitQueries:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> OrgUnitView | None:
        table = TABLES[kind]
        query = select(table).where(table.c.company_id == company_id, table.c.id == unit_id)
        row = (await self._session.read(query)).one_or_none()
        return None if row is None else _view_from_row(row)

    async def list(
        self, company_id: UUID, kind: OrgKind, criteria: OrgUnitListCriteria
    ) -> OrgUnitList:
        table = TABLES[kind]
        conditions = [table.c.company_id == company_id]
        if criteria.q:
            conditions.append(
                func.lower(table.c.name).contains(criteria.q.lower(), autoescape=True)
            )
        key = func.lower(table.c.name) if criteria.sort.field == "name" else table.c.created_at
        order = (key.desc(), table.c.id.desc()) if criteria.sort.descending else (key, table.c.id)
        count = await self._session.read(select(func.count()).select_from(table).where(*conditions))
        rows = await self._session.read(
            select(table)
            .where(*conditions)
            .order_by(*order)
            .limit(criteria.page.limit)
            .offset(criteria.page.offset)
        )
        return OrgUnitList(items=[_view_from_row(row) for row in rows], count=count.scalar_one())
