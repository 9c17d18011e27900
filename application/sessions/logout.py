from __future__ import annotations

from application.ports.identity import RefreshSessionRepository
from application.ports.security import RefreshTokenFactory
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork


class Logout:
    """The holder of a refresh token ends that login (its whole family). Logging out twice,
    or with an unknown token, is not an error: the client ends up signed out either way."""

    def __init__(
        self,
        sessions: RefreshSessionRepository,
        refresh_tokens: RefreshTokenFactory,
        clock: Clock,
        uow: UnitOfWork,
    ) -> None:
        self._sessions = sessions
        self._refresh_tokens = refresh_tokens
        self._clock = clock
        self._uow = uow

    async def execute(self, refresh_token: str | None) -> None:
        if not refresh_token:
            return
        session = await self._sessions.find_by_token_hash(
            self._refresh_tokens.digest(refresh_token)
        )
        if session is None:
            return
        await self._sessions.revoke_family(session.company_id, session.family_id, self._clock.now())
        await self._uow.commit()
