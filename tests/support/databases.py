"""A PostgreSQL server where the suite may CREATE DATABASE, and throwaway databases on it.

Server, in order of preference: TEST_DATABASE_URL → a testcontainers PostgreSQL when a Docker
engine answers → an embedded PostgreSQL in a fresh temporary directory.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from entrypoints.settings import to_async_database_url

TEST_DATABASE_PREFIX = "gefest_test_"
CONTAINER_IMAGE = "postgres:16-alpine"
# Durability is worthless for throwaway test data; speed is not.
FAST_SERVER_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


@contextlib.contextmanager
def database_server() -> Iterator[str]:
    """Yield the async SQLAlchemy URL of a maintenance database; tear the server down after."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield to_async_database_url(configured)
        return
    with _container() as url:
        if url is not None:
            yield url
            return
    with _embedded() as url:
        yield url


@contextlib.contextmanager
def _container() -> Iterator[str | None]:
    try:
        from docker.errors import DockerException
        from testcontainers.community.postgres import PostgresContainer
    except ImportError:
        yield None
        return
    try:
        container = PostgresContainer(CONTAINER_IMAGE, driver="asyncpg")
        container.start()
    except DockerException:
        yield None
        return
    _note(f"tests use a {CONTAINER_IMAGE} container")
    try:
        yield container.get_connection_url()
    finally:
        container.stop()


@contextlib.contextmanager
def _embedded() -> Iterator[str]:
    from adapters.postgres.embedded import EmbeddedPostgres

    root = Path(tempfile.mkdtemp(prefix="gefest-test-pg-"))
    server = EmbeddedPostgres(root / "postgres", server_settings=FAST_SERVER_SETTINGS)
    try:
        url = server.start()
        _note(f"tests use an embedded PostgreSQL in {root}")
        yield url
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _note(message: str) -> None:
    print(f"\n[gefest tests] {message}", file=sys.stderr)


class TestDatabases:
    """Creates uniquely named databases on one server and drops them all at the end."""

    __test__ = False  # not a test class, whatever its name says

    def __init__(self, server_url: str) -> None:
        self._server_url = make_url(server_url)
        self._engine: AsyncEngine | None = None
        self._created: list[str] = []

    async def create(self) -> str:
        name = f"{TEST_DATABASE_PREFIX}{uuid.uuid4().hex}"
        async with self._admin().connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        self._created.append(name)
        return self._server_url.set(database=name).render_as_string(hide_password=False)

    async def drop_all(self) -> None:
        try:
            if self._created:
                async with self._admin().connect() as connection:
                    while self._created:
                        name = self._created.pop()
                        await connection.execute(
                            text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                        )
        finally:
            if self._engine is not None:
                await self._engine.dispose()
                self._engine = None

    def _admin(self) -> AsyncEngine:
        if self._engine is None:
            self._engine = create_async_engine(
                self._server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool
            )
        return self._engine
