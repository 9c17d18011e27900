"""Fixtures the PostgreSQL adapter tests share: an engine on the session's migrated database, and
a PgSession that is never committed, so nothing a test writes through it outlives the test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.engine import create_engine
from adapters.postgres.session import PgSession

# Enough connections for the concurrency tests (8 writers at once) without overflowing.
POOL_SIZE = 8


@pytest_asyncio.fixture(loop_scope="session")
async def engine(migrated_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(migrated_database_url, pool_size=POOL_SIZE, timeout_seconds=10)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def session(engine: AsyncEngine) -> AsyncIterator[PgSession]:
    pg = PgSession(engine)
    try:
        yield pg
    finally:
        await pg.close()  # rolls back
