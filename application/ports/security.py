from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.identity.role import Role


class PasswordHasher(Protocol):
    """Slow by design; implementations keep the work off the event loop."""

    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, password_hash: str) -> bool: ...

    async def waste_time(self, password: str) -> None:
        """Spend what a verify costs, so an unknown username is as slow as a wrong password."""
        ...


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: UUID
    company_id: UUID
    role: Role
    issued_at: datetime
    expires_at: datetime
    token_id: str


class AccessTokenCodec(Protocol):
    def encode(self, claims: AccessClaims) -> str: ...

    def decode(self, token: str, now: datetime) -> AccessClaims:
        """Raises InvalidToken for anything forged or malformed, ExpiredToken when expired."""
        ...


class RefreshTokenFactory(Protocol):
    """Opaque refresh tokens: random, stored only as a one-way hash."""

    def new_token(self) -> str: ...

    def digest(self, token: str) -> str: ...


class LoginRateLimiter(Protocol):
    def hit(self, key: str, now: datetime) -> int | None:
        """Counts one attempt; returns seconds to wait when over the limit, else None."""
        ...
