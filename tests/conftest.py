"""Database provisioning for the whole suite; see tests/support/databases.py for the order."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest
import pytest_asyncio

from tests.support.databases import TestDatabases, database_server

CreateDatabase = Callable[[], Awaitable[str]]


@pytest.fixture(scope="session")
def database_server_url() -> Iterator[str]:
    """Async SQLAlchemy URL of the maintenance database of the test server."""
    with database_server() as url:
        yield url


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def create_database(database_server_url: str) -> AsyncIterator[CreateDatabase]:
    """`await create_database()` → URL of a brand-new empty database, dropped at session end."""
    databases = TestDatabases(database_server_url)
    try:
        yield databases.create
    finally:
        await databases.drop_all()


@pytest_asyncio.fixture(loop_scope="session")
async def empty_database_url(create_database: CreateDatabase) -> str:
    return await create_database()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def migrated_database_url(create_database: CreateDatabase) -> str:
    """One database for the session, upgraded to the latest migration."""
    from adapters.postgres.migrator import upgrade

    url = await create_database()
    await upgrade(url)
    return url
