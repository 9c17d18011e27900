"""Idempotency answers in PostgreSQL. A key is taken with a transaction-level advisory lock, so
it is held exactly as long as the request's transaction and released by its commit or rollback,
whatever becomes of the request; the answer is a row written in that same transaction."""

from __future__ import annotations

import hashlib
from datetime import datetime

import msgspec
from sqlalchemy import bindparam, delete, select

from adapters.postgres.session import PgSession
from adapters.postgres.tables import idempotency_answers
from application.idempotency.answers import KeyClaim, KeyScope, RememberedAnswer, StoredAnswer

# The advisory locks of this table: the first half of the two-number lock id, so they never
# meet another feature's advisory locks.
LOCK_CLASS = 0x1DE7


def lock_number(scope: KeyScope) -> int:
    """A stable signed 32-bit number for the key (two keys sharing one only wait for each other)."""
    digest = hashlib.blake2b(
        f"{scope.company_id}\x00{scope.user_id}\x00{scope.key}".encode(), digest_size=4
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


_ANSWERS = idempotency_answers
_OF_KEY = (
    (_ANSWERS.c.company_id == bindparam("company_id"))
    & (_ANSWERS.c.user_id == bindparam("user_id"))
    & (_ANSWERS.c.key == bindparam("key"))
)
_LIVE = _OF_KEY & (_ANSWERS.c.recorded_at > bindparam("newer_than"))
_ANSWER_COLUMNS = (
    _ANSWERS.c.fingerprint,
    _ANSWERS.c.status,
    _ANSWERS.c.headers,
    _ANSWERS.c.body,
    _ANSWERS.c.recorded_at,
)
# SQL texts: these run on every keyed write, where compiling a statement would cost more CPU
# than the database's work on it. The claim is the lock and the answer, in one statement.
_CLAIM = """
SELECT pg_try_advisory_xact_lock($6, $1) AS taken,
       a.fingerprint, a.status, a.headers::text AS headers, a.body, a.recorded_at
  FROM (SELECT 1) AS one
  LEFT JOIN idempotency_answers AS a
    ON a.company_id = $2 AND a.user_id = $3 AND a.key = $4 AND a.recorded_at > $5
"""
_FIND = select(*_ANSWER_COLUMNS).where(_LIVE)
# Sent with the commit (PgSession.defer): the function of migration 0009 deletes an expired
# answer of the key and inserts the new one. A live one already there (another request's,
# committed in the window described at `claim`) fails the insert, and with it the commit, as
# KeyAnsweredMeanwhile.
_REMEMBER = "SELECT remember_answer($1, $2, $3, $4, $5, $6, $7, $8, $9)"
_FORGET = delete(_ANSWERS).where(_ANSWERS.c.recorded_at < bindparam("moment"))


def _key_of(scope: KeyScope) -> dict[str, object]:
    return {"company_id": scope.company_id, "user_id": scope.user_id, "key": scope.key}


def _answer_of(row) -> RememberedAnswer:
    return RememberedAnswer(
        fingerprint=row.fingerprint,
        answer=StoredAnswer(status=row.status, headers=row.headers, body=row.body),
        recorded_at=row.recorded_at,
    )


class SqlaIdempotencyRecords:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def claim(self, scope: KeyScope, newer_than: datetime) -> KeyClaim:
        """One statement: the key's lock and its answer. The answer is read in the statement's
        snapshot, taken just before the lock: a request that committed the key's answer in
        between (microseconds) is not seen here, but is when this one writes its own answer
        (`remember`), and this run is then undone."""
        row = await self._session.execute_sql(
            _CLAIM,
            lock_number(scope),
            scope.company_id,
            scope.user_id,
            scope.key,
            newer_than,
            LOCK_CLASS,
        )
        earlier = None
        if row["fingerprint"] is not None:
            answer = StoredAnswer(
                status=row["status"], headers=msgspec.json.decode(row["headers"]), body=row["body"]
            )
            earlier = RememberedAnswer(row["fingerprint"], answer, recorded_at=row["recorded_at"])
        return KeyClaim(taken=bool(row["taken"]), earlier=earlier)

    async def find(self, scope: KeyScope, newer_than: datetime) -> RememberedAnswer | None:
        parameters = _key_of(scope) | {"newer_than": newer_than}
        row = (await self._session.read(_FIND, parameters)).one_or_none()
        return None if row is None else _answer_of(row)

    async def remember(
        self, scope: KeyScope, answer: RememberedAnswer, replacing_older_than: datetime
    ) -> None:
        self._session.defer(
            _REMEMBER,
            scope.company_id,
            scope.user_id,
            scope.key,
            answer.fingerprint,
            answer.answer.status,
            msgspec.json.encode(answer.answer.headers).decode(),
            answer.answer.body,
            answer.recorded_at,
            replacing_older_than,
        )

    async def forget_older_than(self, moment: datetime) -> int:
        return (await self._session.execute(_FORGET, {"moment": moment})).rowcount
