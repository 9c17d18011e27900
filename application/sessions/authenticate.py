from __future__ import annotations

from application.caller import Caller
from application.errors import InvalidToken
from application.ports.identity import AccountStatuses
from application.ports.security import AccessTokenCodec
from application.ports.system import Clock


class Authenticate:
    """Turns a presented access token into the caller it proves, or refuses it. The token
    proves who is calling; what they may do comes from the account as stored now, so a demotion,
    a deactivation or a block applies to the next request, not when the token expires."""

    def __init__(self, codec: AccessTokenCodec, statuses: AccountStatuses, clock: Clock) -> None:
        self._codec = codec
        self._statuses = statuses
        self._clock = clock

    async def execute(self, access_token: str | None) -> Caller:
        if not access_token:
            raise InvalidToken("not signed in")
        claims = self._codec.decode(access_token, self._clock.now())
        status = await self._statuses.of(claims.company_id, claims.user_id)
        if status is None or not status.may_hold_session:
            raise InvalidToken("the account is deactivated or blocked")
        return Caller(user_id=claims.user_id, company_id=claims.company_id, role=status.role)
