from __future__ import annotations

import os
import random
import time
from datetime import UTC, date, datetime
from uuid import UUID


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


def uuid7_floor(moment: datetime) -> UUID:
    """The smallest UUIDv7 of `moment`'s millisecond: every id made earlier is below it."""
    millis = int(moment.timestamp() * 1000)
    return UUID(int=(millis & ((1 << 48) - 1)) << 80 | 0x7 << 76 | 0b10 << 62)


class Uuid7Generator:
    """Time-ordered UUIDv7 (RFC 9562): index-friendly primary keys, creation order for free."""

    def new_id(self) -> UUID:
        millis = time.time_ns() // 1_000_000
        rand = int.from_bytes(os.urandom(10), "big")
        value = (millis & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= ((rand >> 62) & 0xFFF) << 64
        value |= 0b10 << 62
        value |= rand & ((1 << 62) - 1)
        return UUID(int=value)


class RandomJitter:
    """Spreads retries: a uniform number in [0, 1)."""

    def __call__(self) -> float:
        return random.random()  # noqa: S311 - spreading retries, not secrecy
