from __future__ import annotations

from datetime import datetime
from typing import Protocol

from application.idempotency.answers import KeyClaim, KeyScope, RememberedAnswer


class IdempotencyRecords(Protocol):
    """The answers of requests sent with an `Idempotency-Key`, kept per caller and key."""

    async def claim(self, scope: KeyScope, newer_than: datetime) -> KeyClaim:
        """Take the key for the current transaction, without waiting, and say what answer of it
        was recorded after `newer_than` (older ones count as gone). The key is released when the
        transaction ends, commit or rollback."""
        ...

    async def remember(
        self, scope: KeyScope, answer: RememberedAnswer, replacing_older_than: datetime
    ) -> None:
        """Write the answer in the current transaction, replacing an expired one of the key.
        A live answer of the key there already raises KeyAnsweredMeanwhile, here or (when the
        write travels with the commit) from the commit."""
        ...

    async def find(self, scope: KeyScope, newer_than: datetime) -> RememberedAnswer | None:
        """The key's answer recorded after `newer_than`."""
        ...

    async def forget_older_than(self, moment: datetime) -> int:
        """Delete every answer recorded before `moment`, of every company; how many went."""
        ...
