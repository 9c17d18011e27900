from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(slots=True)
class RefreshSession:
    """One refresh token of a login family. A token is good once: using it rotates it.

    Presenting a used token again means someone else holds a copy, so the whole family
    (every token descended from the same login) is revoked."""

    id: UUID
    company_id: UUID
    user_id: UUID
    family_id: UUID
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    def is_replay(self) -> bool:
        return self.used_at is not None

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.used_at is None and now < self.expires_at

    def mark_used(self, now: datetime) -> None:
        self.used_at = now

    def revoke(self, now: datetime) -> None:
        if self.revoked_at is None:
            self.revoked_at = now
