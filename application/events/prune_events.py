from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from application.ports.events import EventLog
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork


@dataclass(frozen=True, slots=True)
class EventRetention:
    keep_for: timedelta  # EVENT_RETENTION_DAYS


class PruneEvents:
    """Delete the events older than the retention (an operator's cron, or the server's own
    timer): history is kept for EVENT_RETENTION_DAYS, then gives its space back."""

    def __init__(
        self, log: EventLog, clock: Clock, retention: EventRetention, uow: UnitOfWork
    ) -> None:
        self._log = log
        self._clock = clock
        self._retention = retention
        self._uow = uow

    async def execute(self) -> int:
        pruned = await self._log.forget_older_than(self._clock.now() - self._retention.keep_for)
        await self._uow.commit()
        return pruned
