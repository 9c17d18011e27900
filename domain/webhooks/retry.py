"""When a failed delivery is tried again: exponential backoff with jitter, for a day."""

from __future__ import annotations

from datetime import datetime, timedelta

FIRST_DELAY = timedelta(seconds=10)
LONGEST_DELAY = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(hours=24)


def retry_delay(failed_attempts: int, jitter: float) -> timedelta:
    """The wait after the `failed_attempts`-th failure in a row: 10 s, 20 s, 40 s, ... at most
    an hour, each stretched by `jitter` (0..1 -> 50..150%) so receivers that come back are not
    hit by every sender at once."""
    exponent = min(max(failed_attempts - 1, 0), 20)
    delay = min(FIRST_DELAY * (2**exponent), LONGEST_DELAY)
    return delay * (0.5 + jitter)


def gives_up(failing_since: datetime, now: datetime) -> bool:
    return now - failing_since >= GIVE_UP_AFTER
