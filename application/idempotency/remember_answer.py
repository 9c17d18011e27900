from __future__ import annotations

from application.caller import Caller
from application.idempotency.answers import KeyScope, RememberedAnswer, StoredAnswer
from application.idempotency.held_commit import HeldCommit
from application.ports.idempotency import IdempotencyRecords
from application.ports.system import Clock


class RememberAnswer:
    """After a keyed request ran: when its use case asked to commit, the answer is written and
    committed with the change, in one transaction. A request that changed nothing (an error,
    a rollback) leaves no answer, so its retry runs afresh."""

    def __init__(self, records: IdempotencyRecords, commit: HeldCommit, clock: Clock) -> None:
        self._records = records
        self._commit = commit
        self._clock = clock

    async def execute(
        self, caller: Caller, key: str, fingerprint: str, answer: StoredAnswer
    ) -> bool:
        """True when the change was committed with its answer."""
        if not self._commit.requested:
            return False
        scope = KeyScope(caller.company_id, caller.user_id, key)
        await self._records.remember(
            scope, RememberedAnswer(fingerprint, answer, recorded_at=self._clock.now())
        )
        await self._commit.release()
        return True
