from __future__ import annotations

from datetime import datetime
from typing import Protocol

from application.idempotency.answers import KeyScope, RememberedAnswer


class IdempotencyRecords(Protocol):
    """The answers of requests sent with an `Idempotency-Key`, kept per caller and key."""

    async def hold(self, scope: KeyScope) -> bool:
        """Take the key for the current transaction, without waiting: False when another
        request holds it. Released when the transaction ends, commit or rollback."""
        ...

    async def find(self, scope: KeyScope, newer_than: datetime) -> RememberedAnswer | None:
        """The key's answer recorded after `newer_than`; older ones count as gone."""
        ...

    async def remember(self, scope: KeyScope, answer: RememberedAnswer) -> None:
        """Write the answer in the current transaction, replacing an expired one of the key."""
        ...

    async def forget_older_than(self, moment: datetime) -> int:
        """Delete every answer recorded before `moment`, of every company; how many went."""
        ...
