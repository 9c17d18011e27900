"""What an idempotent request is known by, and what is kept of its answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import msgspec

from application.errors import IdempotencyKeyReused
from domain.errors import InvalidInput

KEY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def checked_key(raw: str) -> str:
    """1-255 printable ASCII characters (space to tilde), as the key is sent: never trimmed or
    folded, since the client compares it byte for byte."""
    if not 1 <= len(raw) <= MAX_KEY_LENGTH or not all(" " <= ch <= "~" for ch in raw):
        raise InvalidInput.single(
            KEY_HEADER, f"1 to {MAX_KEY_LENGTH} printable ASCII characters are expected"
        )
    return raw


@dataclass(frozen=True, slots=True)
class KeyScope:
    """A key belongs to one user of one company: another caller's equal key is another key."""

    company_id: UUID
    user_id: UUID
    key: str


class StoredAnswer(msgspec.Struct, frozen=True):
    """The answer as the client got it: status, the headers that matter, the body's bytes."""

    status: int
    headers: dict[str, str]
    body: bytes


class RememberedAnswer(msgspec.Struct, frozen=True):
    fingerprint: str  # what the request was: method, route, path parameters, body hash
    answer: StoredAnswer
    recorded_at: datetime

    def replayed_to(self, fingerprint: str) -> StoredAnswer:
        """The answer, for a repeat of the same request; another request may not reuse the key."""
        if fingerprint != self.fingerprint:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used for a different request; use a new key"
            )
        return self.answer


@dataclass(frozen=True, slots=True)
class KeyClaim:
    taken: bool  # False: another request holds the key right now
    earlier: RememberedAnswer | None


@dataclass(frozen=True, slots=True)
class IdempotencyPolicy:
    keep_for: timedelta = timedelta(hours=24)
    retry_after_seconds: int = 1  # what a request that finds its key in use is told to wait
