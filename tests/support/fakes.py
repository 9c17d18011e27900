"""Deterministic stand-ins for the system ports: a clock that moves only when told to, and ids
that come out in order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

START = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


class FixedClock:
    """Implements the Clock port; time stands still until `advance()`."""

    def __init__(self, now: datetime = START) -> None:
        if now.tzinfo is None:
            raise ValueError("the clock speaks timezone-aware UTC")
        self._now = now

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.date()

    def advance(self, delta: timedelta | None = None, **units: float) -> datetime:
        """`clock.advance(timedelta(minutes=1))` or `clock.advance(seconds=61)`."""
        self._now += (delta or timedelta()) + timedelta(**units)
        return self._now


class SequentialIdGenerator:
    """Implements the IdGenerator port: 00000000-...-000000000001, ...02, ... in order."""

    def __init__(self) -> None:
        self._next = 0

    def new_id(self) -> UUID:
        self._next += 1
        return UUID(int=self._next)


class RandomIdGenerator:
    """Implements the IdGenerator port with uuid4, for rows that share a real database."""

    def new_id(self) -> UUID:
        return uuid4()
