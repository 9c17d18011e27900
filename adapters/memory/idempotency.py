"""Idempotency answers in memory, for the use-case tests. Each instance stands for one request's
transaction: the keys it holds are released by `end()`, as a commit or rollback would."""

from __future__ import annotations

from datetime import datetime

from adapters.memory.store import InMemoryStore
from application.errors import KeyAnsweredMeanwhile
from application.idempotency.answers import KeyClaim, KeyScope, RememberedAnswer


class InMemoryKeyLocks:
    """The keys held right now, shared by every request of one test's "database"."""

    def __init__(self) -> None:
        self.holders: dict[KeyScope, object] = {}


class InMemoryIdempotencyRecords:
    def __init__(self, store: InMemoryStore, locks: InMemoryKeyLocks) -> None:
        self._answers: dict[KeyScope, RememberedAnswer] = store.table("idempotency_answers")
        self._locks = locks

    async def claim(self, scope: KeyScope, newer_than: datetime) -> KeyClaim:
        taken = self._locks.holders.setdefault(scope, self) is self
        return KeyClaim(taken=taken, earlier=await self.find(scope, newer_than))

    def end(self) -> None:
        for scope in [s for s, holder in self._locks.holders.items() if holder is self]:
            del self._locks.holders[scope]

    async def find(self, scope: KeyScope, newer_than: datetime) -> RememberedAnswer | None:
        answer = self._answers.get(scope)
        return answer if answer is not None and answer.recorded_at > newer_than else None

    async def remember(
        self, scope: KeyScope, answer: RememberedAnswer, replacing_older_than: datetime
    ) -> None:
        if await self.find(scope, replacing_older_than) is not None:
            raise KeyAnsweredMeanwhile("the key was answered by another request")
        self._answers[scope] = answer

    async def forget_older_than(self, moment: datetime) -> int:
        old = [scope for scope, answer in self._answers.items() if answer.recorded_at < moment]
        for scope in old:
            del self._answers[scope]
        return len(old)
