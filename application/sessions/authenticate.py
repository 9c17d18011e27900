from __future__ import annotations

from application.caller import Caller
from application.errors import InvalidToken
from application.ports.security import AccessTokenCodec
from application.ports.system import Clock


class Authenticate:
    """Turns a presented access token into the caller it proves, or refuses it."""

    def __init__(self, codec: AccessTokenCodec, clock: Clock) -> None:
        self._codec = codec
        self._clock = clock

    def execute(self, access_token: str | None) -> Caller:
        if not access_token:
            raise InvalidToken("not signed in")
        claims = self._codec.decode(access_token, self._clock.now())
        return Caller(user_id=claims.user_id, company_id=claims.company_id, role=claims.role)
