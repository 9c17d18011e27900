from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.errors import translated
from application.errors import ServiceUnavailable


class PgSession:
    """One request's connection. Opens lazily, runs in one transaction, never commits on its
    own: the use case commits through the unit of work, and closing without it rolls back."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._broken = False
        self.statements = 0

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """Database errors translated; a lost or silent database remembered for `close()`."""
        try:
            with translated():
                yield
        except ServiceUnavailable:
            self._broken = True
            raise

    async def connection(self) -> AsyncConnection:
        if self._connection is None:
            with self._guarded():
                self._connection = await self._engine.connect()
        return self._connection

    async def execute(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]:
        connection = await self.connection()
        self.statements += 1
        with self._guarded():
            return await connection.execute(statement, parameters)

    async def commit(self) -> None:
        if self._connection is not None:
            with self._guarded():
                await self._connection.commit()

    async def rollback(self) -> None:
        if self._connection is not None:
            with self._guarded():
                await self._connection.rollback()

    async def close(self) -> None:
        """Roll back what was not committed and give the connection back to the pool. It runs
        after the response is sent, so it never raises for a database that went away: a
        connection that failed (lost, or silent past the timeout) is dropped, not rolled back
        (that would wait on it once more); the server rolls back a dropped session itself."""
        if self._connection is None:
            return
        connection, self._connection = self._connection, None
        try:
            if not self._broken:
                with suppress(ServiceUnavailable), self._guarded():
                    await connection.rollback()
            if self._broken and not connection.invalidated:
                await connection.invalidate()  # the engine aborts its socket at once
        finally:
            await connection.close()


class PgUnitOfWork:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def commit(self) -> None:
        await self._session.commit()

    async def rollback(self) -> None:
        await self._session.rollback()
