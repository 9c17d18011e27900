"""Rows of the hiring pipeline written straight into PostgreSQL with SQLAlchemy Core, so the
interview tests do not depend on the candidate and vacancy endpoints."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import func, insert, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.tables import (
    candidates,
    companies,
    departments,
    positions,
    users,
    vacancies,
)
from domain.identity.role import Role
from tests.support.tenants import valid_ogrn


class HiringRows:
    """Inserts rows of one company; every row gets a fresh uuid4."""

    def __init__(self, engine: AsyncEngine, company_id: UUID, author_id: UUID) -> None:
        self.engine = engine
        self.company_id = company_id
        self.author_id = author_id

    async def _insert(self, table: Any, **values: Any) -> UUID:
        row_id = uuid4()
        async with self.engine.begin() as connection:
            await connection.execute(
                insert(table).values(id=row_id, company_id=self.company_id, **values)
            )
        return row_id

    async def position(self, name: str | None = None) -> UUID:
        return await self._insert(positions, name=name or f"Position {secrets.token_hex(4)}")

    async def department(self, name: str | None = None) -> UUID:
        return await self._insert(departments, name=name or f"Department {secrets.token_hex(4)}")

    async def candidate(
        self, first_name: str = "Анна", last_name: str = "Иванова", middle_name: str | None = None
    ) -> UUID:
        return await self._insert(
            candidates,
            first_name=first_name,
            last_name=last_name,
            middle_name=middle_name,
            created_by=self.author_id,
        )

    async def vacancy(
        self,
        *,
        position_id: UUID | None = None,
        department_id: UUID | None = None,
        priority_code: int = 2,
        deadline: date | None = None,
    ) -> UUID:
        return await self._insert(
            vacancies,
            position_id=position_id or await self.position(),
            department_id=department_id or await self.department(),
            employee_count=1,
            priority_code=priority_code,
            deadline=deadline,
            created_by=self.author_id,
        )

    async def set_deleted(self, table: Any, row_id: UUID, deleted: bool = True) -> None:
        """Soft-deletes (or restores) a candidate or vacancy the way their use cases do."""
        async with self.engine.begin() as connection:
            await connection.execute(
                update(table)
                .where(table.c.company_id == self.company_id, table.c.id == row_id)
                .values(deleted_at=func.now() if deleted else None)
            )


async def insert_company(engine: AsyncEngine) -> tuple[UUID, dict[Role, UUID]]:
    """A company with one user per role (no password anyone could use)."""
    company_id = uuid4()
    suffix = secrets.token_hex(4)
    user_ids = {role: uuid4() for role in Role}
    async with engine.begin() as connection:
        await connection.execute(
            insert(companies).values(
                id=company_id,
                full_name=f"Company {suffix}",
                short_name=f"C{suffix}",
                ogrn=valid_ogrn(),
            )
        )
        for role, user_id in user_ids.items():
            await connection.execute(
                insert(users).values(
                    id=user_id,
                    company_id=company_id,
                    username=f"{role.value}-{suffix}",
                    password_hash="!",
                    role_code=role.code,
                    first_name=role.value.title(),
                    last_name="Tester",
                    email=f"{role.value}-{suffix}@example.com",
                )
            )
    return company_id, user_ids
