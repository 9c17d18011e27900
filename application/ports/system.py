from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from uuid import UUID


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...

    def today(self) -> date: ...


class IdGenerator(Protocol):
    def new_id(self) -> UUID: ...
