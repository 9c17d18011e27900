"""The stored role and status behind an access token, read by one indexed lookup (the users
primary key) and remembered per worker for at most a second: a page of parallel requests costs
one lookup, and a change made through another worker applies within that second."""

from __future__ import annotations

import time
from collections.abc import Callable
from uuid import UUID

from sqlalchemy import select

from adapters.postgres.session import PgSession
from adapters.postgres.tables import users
from application.ports.identity import AccountStatus
from domain.identity.role import Role

STATUS_TTL_SECONDS = 1.0
MAX_REMEMBERED = 10_000


class AccountStatusCache:
    """One per worker process (the app scope). Bounded: past `MAX_REMEMBERED` accounts it starts
    afresh rather than growing with every user ever seen."""

    def __init__(
        self, ttl: float = STATUS_TTL_SECONDS, now: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl
        self._now = now
        self._entries: dict[UUID, tuple[float, UUID, AccountStatus | None]] = {}

    def get(self, company_id: UUID, user_id: UUID) -> tuple[bool, AccountStatus | None]:
        entry = self._entries.get(user_id)
        if entry is None or entry[1] != company_id or self._now() - entry[0] >= self._ttl:
            return False, None
        return True, entry[2]

    def put(self, company_id: UUID, user_id: UUID, status: AccountStatus | None) -> None:
        if len(self._entries) >= MAX_REMEMBERED:
            self._entries.clear()
        self._entries[user_id] = (self._now(), company_id, status)

    def forget(self, user_id: UUID) -> None:
        self._entries.pop(user_id, None)


class SqlaAccountStatuses:
    def __init__(self, session: PgSession, cache: AccountStatusCache) -> None:
        self._session = session
        self._cache = cache

    async def of(self, company_id: UUID, user_id: UUID) -> AccountStatus | None:
        known, status = self._cache.get(company_id, user_id)
        if known:
            return status
        query = select(users.c.role_code, users.c.is_active, users.c.is_blocked).where(
            users.c.company_id == company_id, users.c.id == user_id
        )
        row = (await self._session.read(query)).one_or_none()
        if row is not None:
            status = AccountStatus(
                role=Role.from_code(row.role_code),
                may_hold_session=row.is_active and not row.is_blocked,
            )
        self._cache.put(company_id, user_id, status)
        return status

    def forget(self, user_id: UUID) -> None:
        self._cache.forget(user_id)
