"""`gefest worker`: delivers webhooks from the outbox until stopped, and does the daily
housekeeping of the event log (events past EVENT_RETENTION_DAYS, delivered outbox rows older
than a week). Run as many as you like: they share the outbox without sending anything twice."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from application.events.prune_events import PruneEvents
from application.ports.webhooks import WebhookOutbox
from application.webhooks.deliver_due import DeliverDueWebhooks
from entrypoints.settings import Settings

log = logging.getLogger("gefest.worker")
HOUSEKEEPING_EVERY = 24 * 3600.0
KEEP_DELIVERED = timedelta(days=7)


def worker_command(args: object, settings: Settings) -> int:
    from entrypoints.cli.database import database

    with database(settings) as ready:
        asyncio.run(run_worker(ready))
    return 0


@contextlib.contextmanager
def worker_process() -> Iterator[subprocess.Popen[bytes]]:
    """A `gefest worker` child for `gefest run`, on the same database (DATABASE_URL is in the
    environment by now), stopped with the server."""
    from entrypoints.cli.serve import die_with_parent_hook

    command = [sys.executable, "-m", "entrypoints.cli.main", "worker"]
    # It goes with `gefest run`, even when that is killed outright.
    process = subprocess.Popen(command, preexec_fn=die_with_parent_hook())  # noqa: S603
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def run_worker(settings: Settings, stop: asyncio.Event | None = None) -> None:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from entrypoints.cli.request_scope import ensure_migrated
    from entrypoints.ioc import WorkerProvider, make_container

    stop = stop or _stop_on_signals()
    container = make_container(settings, WorkerProvider(worker_id()))
    try:
        await ensure_migrated(await container.get(AsyncEngine))
        deliver = await container.get(DeliverDueWebhooks)
        outbox = await container.get(WebhookOutbox)
        log.warning("worker %s delivering webhooks", worker_id())
        housekept = 0.0
        while not stop.is_set():
            if time.monotonic() - housekept >= HOUSEKEEPING_EVERY:
                housekept = time.monotonic()
                await _housekeeping(container, outbox)
            sent = await _round(deliver)
            if sent == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), settings.worker_poll_seconds)
    finally:
        await container.close()


async def _round(deliver: DeliverDueWebhooks) -> int:
    try:
        return await deliver.execute()
    except Exception:  # a database away, a bug: the worker keeps going, and says so
        log.exception("a delivery round failed; trying again")
        return 0


async def _housekeeping(container, outbox: WebhookOutbox) -> None:
    try:
        async with container() as request:
            pruned = await (await request.get(PruneEvents)).execute()
        forgotten = await outbox.forget_delivered_before(datetime.now(UTC) - KEEP_DELIVERED)
        log.warning("housekeeping: %d old events, %d delivered outbox rows", pruned, forgotten)
    except Exception:
        log.exception("housekeeping failed; trying again tomorrow")


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop
