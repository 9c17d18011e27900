from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import exists, insert, select, update

from adapters.postgres.session import PgSession
from adapters.postgres.tables import companies, refresh_sessions, users
from application.errors import PreconditionFailed
from domain.identity.company import Company
from domain.identity.refresh_session import RefreshSession
from domain.identity.role import Role
from domain.identity.user import User


class SqlaCompanyRepository:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def add(self, company: Company) -> None:
        await self._session.execute(
            insert(companies).values(
                id=company.id,
                full_name=company.full_name,
                short_name=company.short_name,
                ogrn=company.ogrn,
                created_at=company.created_at,
            )
        )

    async def exists_any(self) -> bool:
        result = await self._session.execute(select(exists().select_from(companies)))
        return bool(result.scalar())

    async def find_by_ogrn(self, ogrn: str) -> Company | None:
        row = (
            await self._session.execute(select(companies).where(companies.c.ogrn == ogrn))
        ).one_or_none()
        if row is None:
            return None
        return Company(
            id=row.id,
            full_name=row.full_name,
            short_name=row.short_name,
            ogrn=row.ogrn,
            created_at=row.created_at,
        )


def _user_values(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "password_hash": user.password_hash,
        "role_code": user.role.code,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "middle_name": user.middle_name,
        "email": user.email,
        "department_id": user.department_id,
        "position_id": user.position_id,
        "grade_id": user.grade_id,
        "is_active": user.is_active,
        "is_blocked": user.is_blocked,
        "failed_login_count": user.failed_login_count,
        "must_change_password": user.must_change_password,
        "logged_in_at": user.logged_in_at,
        "updated_at": user.updated_at,
        "version": user.version,
    }


def _user_from_row(row: Any) -> User:
    return User(
        id=row.id,
        company_id=row.company_id,
        username=row.username,
        password_hash=row.password_hash,
        role=Role.from_code(row.role_code),
        first_name=row.first_name,
        last_name=row.last_name,
        middle_name=row.middle_name,
        email=row.email,
        department_id=row.department_id,
        position_id=row.position_id,
        grade_id=row.grade_id,
        is_active=row.is_active,
        is_blocked=row.is_blocked,
        failed_login_count=row.failed_login_count,
        must_change_password=row.must_change_password,
        logged_in_at=row.logged_in_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


class SqlaUserRepository:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(
        self, company_id: UUID, user_id: UUID, *, for_update: bool = False
    ) -> User | None:
        query = select(users).where(users.c.company_id == company_id, users.c.id == user_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else _user_from_row(row)

    async def find_by_username(self, username: str) -> User | None:
        query = select(users).where(users.c.username == username.lower())
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else _user_from_row(row)

    async def add(self, user: User) -> None:
        await self._session.execute(
            insert(users).values(
                id=user.id,
                company_id=user.company_id,
                created_at=user.created_at,
                **_user_values(user),
            )
        )

    async def save(self, user: User, expected_version: int) -> None:
        result = await self._session.execute(
            update(users)
            .where(
                users.c.company_id == user.company_id,
                users.c.id == user.id,
                users.c.version == expected_version,
            )
            .values(**_user_values(user))
        )
        if result.rowcount != 1:
            raise PreconditionFailed("the user was changed by someone else")


def _session_from_row(row: Any) -> RefreshSession:
    return RefreshSession(
        id=row.id,
        company_id=row.company_id,
        user_id=row.user_id,
        family_id=row.family_id,
        token_hash=row.token_hash,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        revoked_at=row.revoked_at,
    )


class SqlaRefreshSessionRepository:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def find_by_token_hash(
        self, token_hash: str, *, for_update: bool = False
    ) -> RefreshSession | None:
        query = select(refresh_sessions).where(refresh_sessions.c.token_hash == token_hash)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else _session_from_row(row)

    async def add(self, session: RefreshSession) -> None:
        await self._session.execute(
            insert(refresh_sessions).values(
                id=session.id,
                company_id=session.company_id,
                user_id=session.user_id,
                family_id=session.family_id,
                token_hash=session.token_hash,
                created_at=session.created_at,
                expires_at=session.expires_at,
                used_at=session.used_at,
                revoked_at=session.revoked_at,
            )
        )

    async def save(self, session: RefreshSession) -> None:
        await self._session.execute(
            update(refresh_sessions)
            .where(
                refresh_sessions.c.company_id == session.company_id,
                refresh_sessions.c.id == session.id,
            )
            .values(used_at=session.used_at, revoked_at=session.revoked_at)
        )

    async def revoke_family(self, company_id: UUID, family_id: UUID, now: datetime) -> None:
        await self._session.execute(
            update(refresh_sessions)
            .where(
                refresh_sessions.c.company_id == company_id,
                refresh_sessions.c.family_id == family_id,
                refresh_sessions.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )

    async def revoke_all_of_user(self, company_id: UUID, user_id: UUID, now: datetime) -> None:
        await self._session.execute(
            update(refresh_sessions)
            .where(
                refresh_sessions.c.company_id == company_id,
                refresh_sessions.c.user_id == user_id,
                refresh_sessions.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
