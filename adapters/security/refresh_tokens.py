from __future__ import annotations

import hashlib
import secrets


class RandomRefreshTokenFactory:
    """256 random bits; only the SHA-256 is stored, so a leaked table grants nothing."""

    def new_token(self) -> str:
        return secrets.token_urlsafe(32)

    def digest(self, token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
