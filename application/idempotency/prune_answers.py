from __future__ import annotations

from application.idempotency.answers import IdempotencyPolicy
from application.ports.idempotency import IdempotencyRecords
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork


class PruneIdempotencyAnswers:
    """Delete the answers older than the policy keeps them (an operator's or a timer's job:
    an expired answer is ignored anyway, this only gives the space back)."""

    def __init__(
        self,
        records: IdempotencyRecords,
        clock: Clock,
        policy: IdempotencyPolicy,
        uow: UnitOfWork,
    ) -> None:
        self._records = records
        self._clock = clock
        self._policy = policy
        self._uow = uow

    async def execute(self) -> int:
        pruned = await self._records.forget_older_than(self._clock.now() - self._policy.keep_for)
        await self._uow.commit()
        return pruned
