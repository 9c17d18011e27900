from __future__ import annotations

from application.caller import Caller
from application.errors import IdempotencyKeyInProgress, IdempotencyKeyReused
from application.idempotency.answers import IdempotencyPolicy, KeyScope, StoredAnswer
from application.idempotency.held_commit import HeldCommit
from application.ports.idempotency import IdempotencyRecords
from application.ports.system import Clock


class ClaimIdempotencyKey:
    """Before a keyed request runs: its earlier answer if it ran already, else the key for this
    request alone until its transaction ends.

    The key is taken first and looked up second: a request that finished between the two is
    then seen, so one key never runs twice (a look-up first would race)."""

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
        if not await self._records.hold(scope):
            raise IdempotencyKeyInProgress(self._policy.retry_after_seconds)
        earlier = await self._records.find(scope, self._clock.now() - self._policy.keep_for)
        if earlier is None:
            self._commit.hold()
            return None
        if earlier.fingerprint != fingerprint:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was used for a different request; use a new key"
            )
        return earlier.answer
