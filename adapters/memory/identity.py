from __future__ import annotations

import copy
from datetime import datetime
from uuid import UUID

from adapters.memory.store import InMemoryStore
from application.errors import AlreadyExists, PreconditionFailed
from application.ports.identity import AccountStatus
from domain.identity.company import Company
from domain.identity.refresh_session import RefreshSession
from domain.identity.user import User


class InMemoryCompanyRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def add(self, company: Company) -> None:
        if any(c.ogrn == company.ogrn for c in self._store.companies.values()):
            raise AlreadyExists(f"a company with OGRN {company.ogrn} exists")
        self._store.companies[company.id] = copy.copy(company)

    async def exists_any(self) -> bool:
        return bool(self._store.companies)

    async def find_by_ogrn(self, ogrn: str) -> Company | None:
        for company in self._store.companies.values():
            if company.ogrn == ogrn:
                return copy.copy(company)
        return None


class InMemoryUserRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(
        self, company_id: UUID, user_id: UUID, *, for_update: bool = False
    ) -> User | None:
        user = self._store.users.get(user_id)
        if user is None or user.company_id != company_id:
            return None
        return copy.copy(user)

    async def find_by_username(self, username: str) -> User | None:
        for user in self._store.users.values():
            if user.username == username.lower():
                return copy.copy(user)
        return None

    async def add(self, user: User) -> None:
        if await self.find_by_username(user.username) is not None:
            raise AlreadyExists(f"username {user.username!r} is taken")
        self._store.users[user.id] = copy.copy(user)

    async def save(self, user: User, expected_version: int) -> None:
        stored = self._store.users.get(user.id)
        if stored is None or stored.company_id != user.company_id:
            raise PreconditionFailed("the user is gone")
        if stored.version != expected_version:
            raise PreconditionFailed("the user was changed by someone else")
        if any(
            other.username == user.username and other.id != user.id
            for other in self._store.users.values()
        ):
            raise AlreadyExists(f"username {user.username!r} is taken")
        self._store.users[user.id] = copy.copy(user)


class InMemoryRefreshSessionRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def find_by_token_hash(
        self, token_hash: str, *, for_update: bool = False
    ) -> RefreshSession | None:
        for session in self._store.refresh_sessions.values():
            if session.token_hash == token_hash:
                return copy.copy(session)
        return None

    async def add(self, session: RefreshSession) -> None:
        self._store.refresh_sessions[session.id] = copy.copy(session)

    async def save(self, session: RefreshSession) -> None:
        self._store.refresh_sessions[session.id] = copy.copy(session)

    async def revoke_family(self, company_id: UUID, family_id: UUID, now: datetime) -> None:
        for session in self._store.refresh_sessions.values():
            if session.company_id == company_id and session.family_id == family_id:
                session.revoke(now)

    async def revoke_all_of_user(self, company_id: UUID, user_id: UUID, now: datetime) -> None:
        for session in self._store.refresh_sessions.values():
            if session.company_id == company_id and session.user_id == user_id:
                session.revoke(now)


class InMemoryAccountStatuses:
    """Reads the store as it is: nothing to remember, nothing to forget."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def of(self, company_id: UUID, user_id: UUID) -> AccountStatus | None:
        user = self._store.users.get(user_id)
        if user is None or user.company_id != company_id:
            return None
        return AccountStatus(role=user.role, may_hold_session=user.may_hold_session)

    def forget(self, user_id: UUID) -> None:
        return None
