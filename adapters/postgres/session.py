from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Executable
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.errors import translated
from application.errors import ServiceUnavailable


class PgSession:
    """One request's connection. Never commits on its own: the use case commits through the unit
    of work, and closing without it rolls back.

    The transaction begins with the first `execute` (a write, a locking read, a `SET LOCAL`) and
    lasts until the commit. A `read` before it runs on its own, without BEGIN and ROLLBACK: under
    READ COMMITTED every statement sees the latest commits anyway, so a transaction around plain
    reads would only cost two round trips. A read after the transaction began runs inside it and
    sees its writes."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._driver: Any = None  # the DBAPI connection under `_connection`
        self._broken = False
        self._in_transaction = False
        self._unused = False  # the connection came from the pool and has run nothing yet
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

    async def _checkout(self) -> AsyncConnection:
        with self._guarded():
            connection = await self._engine.connect()
            # The driver's own switch decides whether a statement is preceded by BEGIN
            # (SQLAlchemy's isolation_level option refuses to change inside its own logical
            # transaction, which begins with any statement). The engine resets it on checkout.
            self._driver = (await connection.get_raw_connection()).dbapi_connection
        self._connection, self._unused = connection, True
        self._driver.autocommit = not self._in_transaction
        return connection

    async def connection(self) -> AsyncConnection:
        return self._connection or await self._checkout()

    async def read(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]:
        """Run a statement that only reads (no lock, no write, no session setting)."""
        return await self._run(lambda connection: connection.execute(statement, parameters))

    async def execute(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]:
        """Run a statement inside the request's transaction, beginning it if need be."""
        await self._begin()
        return await self._run(lambda connection: connection.execute(statement, parameters))

    async def execute_sql(self, sql: str, *arguments: Any) -> Any:
        """The first row (or None) of a SQL text (`$1`-style parameters) run inside the
        request's transaction, beginning it if need be, with no statement to compile: for the
        statement every keyed write begins with (adapters/postgres/idempotency.py), whose
        compilation and caching cost more CPU than the database's work on it."""
        await self._begin()
        result = await self._run(lambda connection: connection.exec_driver_sql(sql, arguments))
        return result.first() if result.returns_rows else None

    async def _begin(self) -> None:
        if not self._in_transaction:
            await self.connection()
            self._driver.autocommit = False
            self._in_transaction = True

    async def _run(self, send: Callable[[AsyncConnection], Awaitable[Any]]) -> Any:
        connection = await self.connection()
        self.statements += 1
        with self._guarded():
            try:
                return await send(connection)
            except sa_exc.DBAPIError as error:
                if not (error.connection_invalidated and self._unused):
                    raise
            finally:
                self._unused = False
            # The pooled connection had died while it waited in the pool (a database restart):
            # nothing ran on it, so the statement goes again on a fresh connection. This stands
            # in for a pre-ping, which would cost every request a round trip.
            self._connection = None
            await connection.close()
            connection = await self._checkout()
            self._unused = False
            return await send(connection)

    async def fetch_in_transaction(self, sql: str, *arguments: Any) -> Any:
        """The first row (or None) of a statement sent by asyncpg itself, inside the transaction
        already begun. For the statement every keyed write adds (adapters/postgres/
        idempotency.py): SQLAlchemy's own work per statement, about 0.1 ms of CPU, is more than
        the statement costs the database."""
        if not self._in_transaction or self._connection is None:
            raise RuntimeError("fetch_in_transaction runs in a transaction begun by execute()")
        self.statements += 1
        with self._guarded():
            return await self._driver.driver_connection.fetchrow(sql, *arguments)

    async def send_in_transaction(self, sql: str, *arguments: Any) -> None:
        """Run a SQL text that writes, inside the request's transaction: sent by asyncpg itself
        when the transaction has begun (see `fetch_in_transaction`), else through `execute_sql`,
        which begins it."""
        if self._in_transaction and self._connection is not None:
            await self.fetch_in_transaction(sql, *arguments)
        else:
            await self.execute_sql(sql, *arguments)

    async def commit(self) -> None:
        await self._end("commit")

    async def rollback(self) -> None:
        await self._end("rollback")

    async def _end(self, how: str) -> None:
        if self._connection is None:
            return
        with self._guarded():
            await getattr(self._connection, how)()
            if self._in_transaction:
                self._driver.autocommit = True
                self._in_transaction = False

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
