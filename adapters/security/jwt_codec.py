from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from uuid import UUID

import jwt

from application.errors import ExpiredToken, InvalidToken
from application.ports.security import AccessClaims
from domain.identity.role import Role

_ALGORITHM = "HS256"
_REQUIRED = ["sub", "company_id", "role", "exp", "iat", "jti"]


class JwtAccessTokenCodec:
    """HS256 access tokens. Only HS256 is accepted, so `alg: none` and key-confusion tricks fail."""

    # Verified tokens remembered, so a client that presents its token on every request pays for
    # the signature check once, not each time (it was a third of a card request's CPU). Only
    # tokens that verified are kept, keyed by the whole token, signature included; expiry is
    # still judged on every use.
    VERIFIED_CACHE_SIZE = 4096

    def __init__(self, secret: str) -> None:
        self._secret = secret
        self._verified = lru_cache(maxsize=self.VERIFIED_CACHE_SIZE)(self._verify)

    def encode(self, claims: AccessClaims) -> str:
        return jwt.encode(
            {
                "sub": str(claims.user_id),
                "company_id": str(claims.company_id),
                "role": claims.role.value,
                "iat": int(claims.issued_at.timestamp()),
                "exp": int(claims.expires_at.timestamp()),
                "jti": claims.token_id,
            },
            self._secret,
            algorithm=_ALGORITHM,
        )

    def decode(self, token: str, now: datetime) -> AccessClaims:
        claims = self._verified(token)
        # Expiry is judged by the clock port, not the wall clock, so tests can move time.
        if now >= claims.expires_at:
            raise ExpiredToken("the access token has expired")
        return claims

    def _verify(self, token: str) -> AccessClaims:
        try:
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                options={"require": _REQUIRED, "verify_exp": False, "verify_iat": False},
            )
            return AccessClaims(
                user_id=UUID(str(payload["sub"])),
                company_id=UUID(str(payload["company_id"])),
                role=Role(payload["role"]),
                issued_at=datetime.fromtimestamp(int(payload["iat"]), UTC),
                expires_at=datetime.fromtimestamp(int(payload["exp"]), UTC),
                token_id=str(payload["jti"]),
            )
        except (jwt.PyJWTError, ValueError, TypeError, KeyError, OverflowError) as error:
            raise InvalidToken("the access token is not valid") from error
