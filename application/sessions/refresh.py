from __future__ import annotations

from application.errors import InvalidToken
from application.ports.identity import RefreshSessionRepository, UserRepository
from application.ports.security import RefreshTokenFactory
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from application.sessions.issuer import IssuedTokens, TokenIssuer


class RefreshSessionTokens:
    """The holder of a live refresh token gets a new access token and the next refresh token;
    the presented one dies. A token presented twice was copied: the whole family is revoked.
    A blocked or deactivated user's sessions end here."""

    def __init__(
        self,
        sessions: RefreshSessionRepository,
        users: UserRepository,
        refresh_tokens: RefreshTokenFactory,
        issuer: TokenIssuer,
        clock: Clock,
        uow: UnitOfWork,
    ) -> None:
        self._sessions = sessions
        self._users = users
        self._refresh_tokens = refresh_tokens
        self._issuer = issuer
        self._clock = clock
        self._uow = uow

    async def execute(self, refresh_token: str | None) -> IssuedTokens:
        if not refresh_token:
            raise InvalidToken("no refresh token")
        now = self._clock.now()
        session = await self._sessions.find_by_token_hash(
            self._refresh_tokens.digest(refresh_token), for_update=True
        )
        if session is None or session.revoked_at is not None:
            raise InvalidToken("unknown or revoked refresh token")
        if session.is_replay():
            await self._sessions.revoke_family(session.company_id, session.family_id, now)
            await self._uow.commit()
            raise InvalidToken("refresh token reused; every session of this login is revoked")
        if not session.is_live(now):
            raise InvalidToken("refresh token expired")

        user = await self._users.get(session.company_id, session.user_id)
        if user is None or not user.may_hold_session:
            await self._sessions.revoke_family(session.company_id, session.family_id, now)
            await self._uow.commit()
            raise InvalidToken("the account can no longer sign in")

        session.mark_used(now)
        await self._sessions.save(session)
        tokens = await self._issuer.issue(user, family_id=session.family_id, now=now)
        await self._uow.commit()
        return tokens
