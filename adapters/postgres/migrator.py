"""Run the alembic migrations from code: the CLI, the app's readiness check and the tests.

Alembic's command API is synchronous and `migrations/env.py` starts its own event loop, so every
command runs in a worker thread: these functions can be awaited from a running loop.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

import migrations

MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent
FILE_TEMPLATE = "%(year)d_%(month).2d_%(day).2d_%(rev)s_%(slug)s"


def alembic_config(url: str | None = None) -> Config:
    """The alembic configuration, built in code: no alembic.ini and any working directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", FILE_TEMPLATE.replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        config.attributes["url"] = url
    return config


def head_revisions() -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


async def upgrade(url: str, revision: str = "head") -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def downgrade(url: str, revision: str) -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(url), revision)


def _current_revisions(connection: Connection) -> tuple[str, ...]:
    return tuple(MigrationContext.configure(connection).get_current_heads())


async def current_revisions(
    connection_or_url: AsyncConnection | AsyncEngine | str,
) -> tuple[str, ...]:
    """The revisions the database is at (empty when it was never migrated)."""
    if isinstance(connection_or_url, AsyncConnection):
        return await connection_or_url.run_sync(_current_revisions)
    if isinstance(connection_or_url, AsyncEngine):
        async with connection_or_url.connect() as connection:
            return await connection.run_sync(_current_revisions)
    engine = create_async_engine(connection_or_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current_revisions)
    finally:
        await engine.dispose()


async def is_at_head(connection_or_url: AsyncConnection | AsyncEngine | str) -> bool:
    """True when the database is migrated to exactly the heads of the migration scripts."""
    current = await current_revisions(connection_or_url)
    return set(current) == set(head_revisions())
