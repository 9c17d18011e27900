from __future__ import annotations

from typing import Protocol


class UnitOfWork(Protocol):
    """The use case's transaction. Nothing is kept unless the use case commits as its last step."""

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class Transaction(UnitOfWork, Protocol):
    """The database transaction itself, under the unit of work the use cases see (which may
    hold a commit back: application/idempotency/held_commit.py)."""
