from __future__ import annotations

from typing import Protocol


class UnitOfWork(Protocol):
    """The use case's transaction. Nothing is kept unless the use case commits as its last step."""

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
