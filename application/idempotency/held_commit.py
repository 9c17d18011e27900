"""The use case's commit, held back while the answer of an idempotent request is not known yet."""

from __future__ import annotations

from application.ports.transaction import Transaction


class HeldCommit:
    """The unit of work every use case commits through.

    For a request sent with an `Idempotency-Key` the edge calls `hold()` first: the use case's
    `commit()` then only notes that it wants its work kept, and the edge writes the answer and
    calls `release()`, so the change and the answer that reports it commit together or not at
    all. Without a key, `commit()` commits at once, as it always did."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction
        self._holding = False
        self.requested = False

    def hold(self) -> None:
        self._holding = True

    async def commit(self) -> None:
        if self._holding:
            self.requested = True
        else:
            await self._transaction.commit()

    async def rollback(self) -> None:
        self.requested = False
        await self._transaction.rollback()

    async def release(self) -> None:
        """Commit what the use case asked to keep, with whatever was written since."""
        self._holding = self.requested = False
        await self._transaction.commit()
