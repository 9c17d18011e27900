from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.identity.company import Company
from domain.identity.refresh_session import RefreshSession
from domain.identity.role import Role
from domain.identity.user import User


class CompanyRepository(Protocol):
    async def add(self, company: Company) -> None: ...

    async def exists_any(self) -> bool: ...

    async def find_by_ogrn(self, ogrn: str) -> Company | None:
        """Operators name a company by its OGRN, which is unique system-wide."""
        ...


class UserRepository(Protocol):
    async def get(
        self, company_id: UUID, user_id: UUID, *, for_update: bool = False
    ) -> User | None: ...

    async def find_by_username(self, username: str) -> User | None:
        """Login happens before the company is known; usernames are unique system-wide."""
        ...

    async def add(self, user: User) -> None: ...

    async def save(self, user: User, expected_version: int) -> None:
        """Raises PreconditionFailed if the stored version is not `expected_version`."""
        ...


class RefreshSessionRepository(Protocol):
    async def find_by_token_hash(
        self, token_hash: str, *, for_update: bool = False
    ) -> RefreshSession | None: ...

    async def add(self, session: RefreshSession) -> None: ...

    async def save(self, session: RefreshSession) -> None: ...

    async def revoke_family(self, company_id: UUID, family_id: UUID, now: datetime) -> None: ...

    async def revoke_all_of_user(self, company_id: UUID, user_id: UUID, now: datetime) -> None: ...


@dataclass(frozen=True, slots=True)
class AccountStatus:
    """What an access token cannot know for its whole life: the account's role and whether it
    may still act, as stored now."""

    role: Role
    may_hold_session: bool


class AccountStatuses(Protocol):
    """The stored status behind a token, read on every request. An adapter may remember it for
    at most a second; `forget` drops what it remembers of one account, after a change to it
    commits, so the change applies to the very next request this process serves."""

    async def of(self, company_id: UUID, user_id: UUID) -> AccountStatus | None: ...

    def forget(self, user_id: UUID) -> None: ...
