from __future__ import annotations

from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.errors import translated


class PgSession:
    """One request's connection. Opens lazily, runs in one transaction, never commits on its
    own: the use case commits through the unit of work, and closing without it rolls back."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self.statements = 0

    async def connection(self) -> AsyncConnection:
        if self._connection is None:
            with translated():
                self._connection = await self._engine.connect()
        return self._connection

    async def execute(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]:
        connection = await self.connection()
        self.statements += 1
        with translated():
            return await connection.execute(statement, parameters)

    async def commit(self) -> None:
        if self._connection is not None:
            with translated():
                await self._connection.commit()

    async def rollback(self) -> None:
        if self._connection is not None:
            with translated():
                await self._connection.rollback()

    async def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                await connection.rollback()
            finally:
                await connection.close()


class PgUnitOfWork:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def commit(self) -> None:
        await self._session.commit()

    async def rollback(self) -> None:
        await self._session.rollback()
