"""Work the server does on a timer, in each worker: deleting expired idempotency answers and
the events older than EVENT_RETENTION_DAYS.

Several workers doing it is harmless (a DELETE of what has expired finds nothing the second
time); a database that is away only skips a round."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from dishka import AsyncContainer

from application.errors import ServiceUnavailable
from application.events.prune_events import PruneEvents
from application.idempotency.prune_answers import PruneIdempotencyAnswers

log = logging.getLogger("gefest.housekeeping")


async def prune_idempotency_answers(container: AsyncContainer) -> int:
    async with container() as request:
        return await (await request.get(PruneIdempotencyAnswers)).execute()


async def prune_events(container: AsyncContainer) -> int:
    async with container() as request:
        return await (await request.get(PruneEvents)).execute()


_CHORES = (
    (prune_idempotency_answers, "expired idempotency answers"),
    (prune_events, "events past their retention"),
)


async def _every(interval_seconds: float, container: AsyncContainer) -> None:
    while True:
        await asyncio.sleep(interval_seconds)
        for chore, what in _CHORES:
            try:
                pruned = await chore(container)
            except ServiceUnavailable:
                log.warning("%s not pruned: the database is unavailable", what)
                continue
            if pruned:
                log.info("pruned %d %s", pruned, what)


class Housekeeping:
    """Started with the app, stopped with it."""

    def __init__(self, container: AsyncContainer, interval_seconds: float) -> None:
        self._container = container
        self._interval = interval_seconds
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(_every(self._interval, self._container))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
