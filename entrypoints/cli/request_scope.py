"""How an operator command runs a use case: one request scope of the composition root, on a
database already migrated to this version's schema (the command never migrates by itself:
changing the schema is `gefest migrate`'s job, done on purpose)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from dishka import AsyncContainer
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.migrator import current_revisions, head_revisions
from entrypoints.cli.database import database
from entrypoints.ioc import make_container
from entrypoints.settings import ConfigurationError, Settings

T = TypeVar("T")


def run_in_request(settings: Settings, work: Callable[[AsyncContainer], Awaitable[T]]) -> T:
    """`work` gets the request container; an error leaves nothing written (no commit)."""
    with database(settings) as ready:
        return asyncio.run(_in_request(ready, work))


async def _in_request(settings: Settings, work: Callable[[AsyncContainer], Awaitable[T]]) -> T:
    container = make_container(settings)
    try:
        await ensure_migrated(await container.get(AsyncEngine))
        async with container() as request:
            return await work(request)
    finally:
        await container.close()


async def ensure_migrated(engine: AsyncEngine) -> None:
    current = set(await current_revisions(engine))
    heads = set(head_revisions())
    if current == heads:
        return
    if not current:
        raise ConfigurationError("the database has no schema yet: run `gefest migrate` first")
    raise ConfigurationError(
        f"the database schema is at {', '.join(sorted(current))}, this version needs "
        f"{', '.join(sorted(heads))}: run `gefest migrate` first"
    )
