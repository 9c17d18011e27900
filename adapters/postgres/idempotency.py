"""Idempotency answers in PostgreSQL. A key is taken with a transaction-level advisory lock, so
it is held exactly as long as the request's transaction and released by its commit or rollback,
whatever becomes of the request; the answer is a row written in that same transaction."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, func, literal, select
from sqlalchemy.dialects.postgresql import insert

from adapters.postgres.session import PgSession
from adapters.postgres.tables import idempotency_answers
from application.idempotency.answers import KeyScope, RememberedAnswer, StoredAnswer

# The advisory locks of this table: the first half of the two-number lock id, so they never
# meet another feature's advisory locks.
LOCK_CLASS = 0x1DE7


def lock_number(scope: KeyScope) -> int:
    """A stable signed 32-bit number for the key (two keys sharing one only wait for each other)."""
    digest = hashlib.blake2b(
        f"{scope.company_id}\x00{scope.user_id}\x00{scope.key}".encode(), digest_size=4
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


def _of(scope: KeyScope):
    return (
        (idempotency_answers.c.company_id == scope.company_id)
        & (idempotency_answers.c.user_id == scope.user_id)
        & (idempotency_answers.c.key == scope.key)
    )


class SqlaIdempotencyRecords:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def hold(self, scope: KeyScope) -> bool:
        taken = func.pg_try_advisory_xact_lock(literal(LOCK_CLASS), literal(lock_number(scope)))
        return bool((await self._session.execute(select(taken))).scalar_one())

    async def find(self, scope: KeyScope, newer_than: datetime) -> RememberedAnswer | None:
        row = (
            await self._session.execute(
                select(idempotency_answers).where(
                    _of(scope), idempotency_answers.c.recorded_at > newer_than
                )
            )
        ).one_or_none()
        if row is None:
            return None
        return RememberedAnswer(
            fingerprint=row.fingerprint,
            answer=StoredAnswer(status=row.status, headers=row.headers, body=row.body),
            recorded_at=row.recorded_at,
        )

    async def remember(self, scope: KeyScope, answer: RememberedAnswer) -> None:
        values = {
            "fingerprint": answer.fingerprint,
            "status": answer.answer.status,
            "headers": answer.answer.headers,
            "body": answer.answer.body,
            "recorded_at": answer.recorded_at,
        }
        statement = insert(idempotency_answers).values(
            company_id=scope.company_id, user_id=scope.user_id, key=scope.key, **values
        )
        # A row of the key can only be an expired one here (a live one was replayed instead).
        await self._session.execute(
            statement.on_conflict_do_update(constraint=idempotency_answers.primary_key, set_=values)
        )

    async def forget_older_than(self, moment: datetime) -> int:
        result = await self._session.execute(
            delete(idempotency_answers).where(idempotency_answers.c.recorded_at < moment)
        )
        return result.rowcount
