from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from application.ports.identity import RefreshSessionRepository
from application.ports.security import AccessClaims, AccessTokenCodec, RefreshTokenFactory
from application.ports.system import IdGenerator
from domain.identity.refresh_session import RefreshSession
from domain.identity.user import User


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    access_token_ttl: timedelta
    refresh_token_ttl: timedelta


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    user_id: UUID
    role_code: str
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


class TokenIssuer:
    """Mints an access token and the next refresh token of a session family."""

    def __init__(
        self,
        policy: SessionPolicy,
        codec: AccessTokenCodec,
        refresh_tokens: RefreshTokenFactory,
        sessions: RefreshSessionRepository,
        ids: IdGenerator,
    ) -> None:
        self._policy = policy
        self._codec = codec
        self._refresh_tokens = refresh_tokens
        self._sessions = sessions
        self._ids = ids

    async def issue(self, user: User, family_id: UUID, now: datetime) -> IssuedTokens:
        access_expires_at = now + self._policy.access_token_ttl
        access_token = self._codec.encode(
            AccessClaims(
                user_id=user.id,
                company_id=user.company_id,
                role=user.role,
                issued_at=now,
                expires_at=access_expires_at,
                token_id=self._ids.new_id().hex,
            )
        )
        refresh_token = self._refresh_tokens.new_token()
        session = RefreshSession(
            id=self._ids.new_id(),
            company_id=user.company_id,
            user_id=user.id,
            family_id=family_id,
            token_hash=self._refresh_tokens.digest(refresh_token),
            created_at=now,
            expires_at=now + self._policy.refresh_token_ttl,
        )
        await self._sessions.add(session)
        return IssuedTokens(
            user_id=user.id,
            role_code=user.role.value,
            access_token=access_token,
            access_expires_at=access_expires_at,
            refresh_token=refresh_token,
            refresh_expires_at=session.expires_at,
        )
