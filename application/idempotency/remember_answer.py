from __future__ import annotations

from application.caller import Caller
from application.errors import IdempotencyKeyInProgress, KeyAnsweredMeanwhile
from application.idempotency.answers import (
    IdempotencyPolicy,
    KeyScope,
    RememberedAnswer,
    StoredAnswer,
)
from application.idempotency.held_commit import HeldCommit
from application.ports.idempotency import IdempotencyRecords
from application.ports.system import Clock


class RememberAnswer:
    """After a keyed request ran: when its use case asked to commit, the answer is written and
    committed with the change, in one transaction. A request that changed nothing (an error, a
    rollback) or failed unexpectedly (5xx) leaves no answer, so its retry runs afresh; its
    transaction ends here, letting the key go before the answer is sent."""

    def __init__(
        self,
        records: IdempotencyRecords,
        commit: HeldCommit,
        clock: Clock,
        policy: IdempotencyPolicy,
    ) -> None:
        self._records = records
        self._commit = commit
        self._clock = clock
        self._policy = policy

    async def execute(
        self, caller: Caller, key: str, fingerprint: str, answer: StoredAnswer
    ) -> StoredAnswer | None:
        """None: send `answer`. Otherwise the answer to send instead (see below)."""
        if not self._commit.requested or answer.status >= 500:
            await self._commit.rollback()
            return None
        scope = KeyScope(caller.company_id, caller.user_id, key)
        now = self._clock.now()
        expired_before = now - self._policy.keep_for
        remembered = RememberedAnswer(fingerprint, answer, recorded_at=now)
        try:
            await self._records.remember(scope, remembered, replacing_older_than=expired_before)
            await self._commit.release()
            return None
        except KeyAnsweredMeanwhile:
            # Another request with the key committed between this one's look-up and its taking
            # the key (they share a window of microseconds). Its run stands; this one is undone
            # and its answer given instead, so the key still ran once.
            await self._commit.rollback()
        earlier = await self._records.find(scope, expired_before)
        if earlier is None:
            raise IdempotencyKeyInProgress(self._policy.retry_after_seconds)
        return earlier.replayed_to(fingerprint)
