from __future__ import annotations

import secrets


class RandomWebhookSecrets:
    """`whsec_` and 256 random bits, URL-safe: easy to spot in a config file, unguessable."""

    def new_secret(self) -> str:
        return "whsec_" + secrets.token_urlsafe(32)
