"""One event on its way to one webhook: pending until the receiver answers 2xx, tried again
after each failure, and given up (the webhook switched off) after a day of failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.webhooks.retry import gives_up, retry_delay

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
MAX_KEPT_RESPONSE = 1024  # characters of the receiver's answer kept for the admin


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one send came to: the receiver's status (None: no answer), what it said, how long."""

    status_code: int | None
    response: str
    duration_ms: int
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300

    def summary(self) -> str:
        return self.error or f"HTTP {self.status_code}"


@dataclass(slots=True, kw_only=True)
class Delivery:
    id: UUID
    company_id: UUID
    webhook_id: UUID
    event_id: UUID
    event_type: str
    status: str = PENDING
    attempts: int = 0
    failing_since: datetime | None = None
    next_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    last_status_code: int | None = None
    last_response: str | None = None
    last_error: str | None = None
    last_duration_ms: int | None = None

    def record(self, attempt: Attempt, now: datetime, jitter: float) -> bool:
        """Count the attempt. True when it was the last one: a day of failures."""
        self.attempts += 1
        self.last_status_code = attempt.status_code
        self.last_response = attempt.response[:MAX_KEPT_RESPONSE]
        self.last_error = attempt.error
        self.last_duration_ms = attempt.duration_ms
        if attempt.succeeded:
            self.status, self.delivered_at = DELIVERED, now
            self.failing_since = self.next_attempt_at = None
            return False
        self.failing_since = self.failing_since or now
        if gives_up(self.failing_since, now):
            self.status, self.next_attempt_at = FAILED, None
            return True
        self.next_attempt_at = now + retry_delay(self.attempts, jitter)
        return False
