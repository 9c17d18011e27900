from __future__ import annotations

from application.caller import Caller
from application.errors import IdempotencyKeyInProgress
from application.idempotency.answers import IdempotencyPolicy, KeyScope, StoredAnswer
from application.idempotency.held_commit import HeldCommit
from application.ports.idempotency import IdempotencyRecords
from application.ports.system import Clock


class ClaimIdempotencyKey:
    """Before a keyed request runs: its earlier answer if it ran already, else the key for this
    request alone until its transaction ends, with the use case's commit held back.

    A request that finds its answer lets the key go at once (a replay changes nothing), so the
    client's next request never finds it still taken."""

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

    async def execute(self, caller: Caller, key: str, fingerprint: str) -> StoredAnswer | None:
        scope = KeyScope(caller.company_id, caller.user_id, key)
        claim = await self._records.claim(scope, self._clock.now() - self._policy.keep_for)
        if not claim.taken:
            raise IdempotencyKeyInProgress(self._policy.retry_after_seconds)
        if claim.earlier is None:
            self._commit.hold()
            return None
        await self._commit.rollback()
        return claim.earlier.replayed_to(fingerprint)
