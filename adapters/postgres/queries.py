from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import func, or_, select

from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    REFERENCE_TABLES,
    USERS_SEARCH,
    departments,
    grades,
    positions,
    users,
)
from application.pagination import Page, Sort
from application.ports.user_queries import UserFilter
from application.refs.views import ReferenceItem
from application.users.views import UserList, UserView
from application.views import NamedRef
from domain.identity.role import Role


def _named(row_id: UUID | None, name: str | None) -> NamedRef | None:
    return None if row_id is None or name is None else NamedRef(id=row_id, name=name)


USER_VIEW_QUERY = select(
    users,
    departments.c.name.label("department_name"),
    positions.c.name.label("position_name"),
    grades.c.name.label("grade_name"),
).select_from(
    users.outerjoin(departments, departments.c.id == users.c.department_id)
    .outerjoin(positions, positions.c.id == users.c.position_id)
    .outerjoin(grades, grades.c.id == users.c.grade_id)
)


def user_view_from_row(row: Any) -> UserView:
    return UserView(
        id=row.id,
        username=row.username,
        role_code=Role.from_code(row.role_code).value,
        first_name=row.first_name,
        last_name=row.last_name,
        middle_name=row.middle_name,
        email=row.email,
        department=_named(row.department_id, row.department_name),
        position=_named(row.position_id, row.position_name),
        grade=_named(row.grade_id, row.grade_name),
        is_active=row.is_active,
        is_blocked=row.is_blocked,
        must_change_password=row.must_change_password,
        logged_in_at=row.logged_in_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


class SqlaUserQueries:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(self, company_id: UUID, user_id: UUID) -> UserView | None:
        query = USER_VIEW_QUERY.where(users.c.company_id == company_id, users.c.id == user_id)
        row = (await self._session.read(query)).one_or_none()
        return None if row is None else user_view_from_row(row)

    async def list(self, company_id: UUID, filters: UserFilter, sort: Sort, page: Page) -> UserList:
        conditions = [users.c.company_id == company_id]
        if filters.role is not None:
            conditions.append(users.c.role_code == filters.role.code)
        if filters.department_id is not None:
            conditions.append(users.c.department_id == filters.department_id)
        if filters.ids:
            conditions.append(users.c.id.in_(filters.ids))
        if filters.text:
            conditions.append(
                or_(
                    USERS_SEARCH.contains(filters.text, autoescape=True),
                    func.lower(users.c.middle_name).contains(filters.text, autoescape=True),
                    users.c.email.contains(filters.text, autoescape=True),  # stored lowercase
                )
            )
        column = users.c[sort.field]
        order = (
            (column.desc(), users.c.id.desc()) if sort.descending else (column.asc(), users.c.id)
        )
        count_query = select(func.count()).select_from(users).where(*conditions)
        count = (await self._session.read(count_query)).scalar_one()
        query = USER_VIEW_QUERY.where(*conditions).order_by(*order)
        rows = await self._session.read(query.limit(page.limit).offset(page.offset))
        return UserList(items=[user_view_from_row(row) for row in rows], count=count)


class SqlaReferenceQueries:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def items(self, name: str) -> list[ReferenceItem]:
        table = REFERENCE_TABLES[name]
        rows = (await self._session.read(select(table).order_by(table.c.code))).mappings()
        return [
            ReferenceItem(
                code=row["code"],
                value=row["value"],
                is_archive=row.get("is_archive", False),
                parent_code=row.get("parent_code"),
                level_code=row.get("level_code"),
                sys_name=row.get("sys_name"),
            )
            for row in rows
        ]
