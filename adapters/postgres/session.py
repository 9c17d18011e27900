from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Executable
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.errors import raw_connection_lost, translated
from adapters.postgres.literals import inlined
from application.errors import ServiceUnavailable


class PgSession:
    """One request's connection. Never commits on its own: the use case commits through the unit
    of work, and closing without it rolls back.

    The transaction begins with the first `execute` (a write, a locking read, a `SET LOCAL`) and
    lasts until the commit. A `read` before it runs on its own, without BEGIN and ROLLBACK: under
    READ COMMITTED every statement sees the latest commits anyway, so a transaction around plain
    reads would only cost two round trips. A read after the transaction began runs inside it and
    sees its writes.

    The session, not the driver, sends BEGIN, COMMIT and ROLLBACK (the driver stays in autocommit
    mode), so a write nothing reads back (`defer`: the event of a change) travels in the COMMIT's
    own message instead of a round trip of its own."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._driver: Any = None  # the DBAPI connection under `_connection`
        self._broken = False
        self._in_transaction = False
        self._unused = False  # the connection came from the pool and has run nothing yet
        self._deferred: list[str] = []
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
            self._driver = (await connection.get_raw_connection()).dbapi_connection
        self._connection, self._unused = connection, True
        # No BEGIN from the driver: the session sends its own (the engine resets the switch on
        # checkout, for every other borrower).
        self._driver.autocommit = True
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
        """The first row (an asyncpg record, or None) of a SQL text (`$1`-style parameters) run
        by asyncpg itself inside the request's transaction, beginning it if need be: for the
        statement every keyed write begins with (adapters/postgres/idempotency.py), where
        SQLAlchemy's own work per statement, about 0.1 ms of CPU, is more than the database's."""
        await self._begin()
        self.statements += 1
        with self._guarded():
            return await self._driver.driver_connection.fetchrow(sql, *arguments)

    async def _begin(self) -> None:
        if not self._in_transaction:
            await self._run(lambda _: self._driver.driver_connection.execute("BEGIN"), count=False)
            self._in_transaction = True

    async def _run(
        self, send: Callable[[AsyncConnection], Awaitable[Any]], *, count: bool = True
    ) -> Any:
        connection = await self.connection()
        self.statements += count
        with self._guarded():
            try:
                return await send(connection)
            except Exception as error:
                if not (self._unused and _died_in_pool(error)):
                    raise
            finally:
                self._unused = False
            # The pooled connection had died while it waited in the pool (a database restart):
            # nothing ran on it, so the statement goes again on a fresh connection. This stands
            # in for a pre-ping, which would cost every request a round trip.
            self._connection = None
            if not connection.invalidated:
                await connection.invalidate()
            await connection.close()
            connection = await self._checkout()
            self._unused = False
            return await send(connection)

    def defer(self, sql: str, *arguments: Any) -> None:
        """A SQL text that only writes, run at the commit, in the COMMIT's own message: one
        round trip for both. Its parameters are written in as literals (the simple protocol
        carries none). Its failure fails the commit; a rollback drops it unsent."""
        self._deferred.append(inlined(sql, arguments))
        self.statements += 1

    async def commit(self) -> None:
        deferred, self._deferred = self._deferred, []
        if not (self._in_transaction or deferred):
            return
        opening = [] if self._in_transaction else ["BEGIN"]
        message = ";\n".join([*opening, *deferred, "COMMIT"])
        status = await self._run(
            lambda _: self._driver.driver_connection.execute(message), count=False
        )
        # A failure leaves the flag up: `rollback` asks the server whether it is still needed.
        self._in_transaction = False
        if status != "COMMIT":  # PostgreSQL ends a failed transaction's COMMIT as a ROLLBACK
            raise RuntimeError("the transaction had failed before its commit")

    async def rollback(self) -> None:
        """Undo the transaction, if the server still holds one. A broken connection is left
        alone: it is dropped on close, and the server rolls back a dropped session itself."""
        self._deferred = []
        in_transaction, self._in_transaction = self._in_transaction, False
        connection = self._connection
        if not in_transaction or self._broken or connection is None or connection.invalidated:
            return
        driver = self._driver.driver_connection
        if not driver.is_closed() and driver.is_in_transaction():
            with self._guarded():
                await driver.execute("ROLLBACK")

    async def close(self) -> None:
        """Roll back what was not committed and give the connection back to the pool. It runs
        after the response is sent, so it never raises for a database that went away: a
        connection that failed (lost, or silent past the timeout) is dropped, not rolled back
        (that would wait on it once more); the server rolls back a dropped session itself."""
        connection = self._connection
        if connection is None:
            return
        try:
            with suppress(ServiceUnavailable):
                await self.rollback()
            if self._broken and not connection.invalidated:
                await connection.invalidate()  # the engine aborts its socket at once
        finally:
            self._connection = None
            await connection.close()


def _died_in_pool(error: Exception) -> bool:
    """Whether a statement failed because its connection was already gone when it was sent."""
    if isinstance(error, sa_exc.DBAPIError):
        return error.connection_invalidated
    return raw_connection_lost(error)


class PgUnitOfWork:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def commit(self) -> None:
        await self._session.commit()

    async def rollback(self) -> None:
        await self._session.rollback()
