"""The database floor of the card: the very SQL the app runs for `GET /candidates/{id}`, sent
straight through an asyncpg pool at the same concurrency, with nothing of the app around it.

The statements are captured from the read model itself (SQLAlchemy's `before_cursor_execute`),
so the floor follows the read model whenever it changes. Two variants: the statements alone, and
the statements with the round trips the app adds around them (the pool's pre-ping `;`, BEGIN,
ROLLBACK), which separates database cost from app overhead."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg
from sqlalchemy import event

from adapters.postgres.candidate_queries import SqlaCandidateQueries
from adapters.postgres.engine import create_engine
from adapters.postgres.session import PgSession
from bench.http import Tally
from entrypoints.demo.loader import asyncpg_dsn
from entrypoints.settings import to_async_database_url

Statement = tuple[str, tuple[Any, ...]]


async def capture_card_statements(url: str, company_id: str, candidate_id: str) -> list[Statement]:
    engine = create_engine(to_async_database_url(url))
    captured: list[Statement] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append((statement, tuple(parameters or ())))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    session = PgSession(engine)
    try:
        card = await SqlaCandidateQueries(session).get(
            UUID(company_id), UUID(candidate_id), date.today()
        )
        if card is None:
            raise RuntimeError(f"no candidate {candidate_id} to capture the card SQL with")
    finally:
        await session.close()
        await engine.dispose()
    return captured


def _with_id(statements: list[Statement], old: str, new: str) -> list[Statement]:
    old_id, new_id = UUID(old), UUID(new)
    return [
        (sql, tuple(new_id if value == old_id else value for value in parameters))
        for sql, parameters in statements
    ]


async def floor(
    url: str,
    statements: list[Statement],
    sample_id: str,
    candidate_ids: list[str],
    *,
    concurrency: int,
    warmup: float,
    duration: float,
    app_round_trips: bool,
) -> Tally:
    pool = await asyncpg.create_pool(asyncpg_dsn(url), min_size=concurrency, max_size=concurrency)
    tally = Tally()
    started = time.perf_counter()
    window_start, window_end = started + warmup, started + warmup + duration

    async def user(number: int) -> None:
        sequence = 0
        while (now := time.perf_counter()) < window_end:
            candidate = candidate_ids[(number * 7919 + sequence * 104729) % len(candidate_ids)]
            sequence += 1
            async with pool.acquire() as connection:
                if app_round_trips:
                    await connection.fetchrow(";")  # what SQLAlchemy's pre-ping sends
                    transaction = connection.transaction()
                    await transaction.start()
                for sql, parameters in _with_id(statements, sample_id, candidate):
                    rows = await connection.fetch(sql, *parameters)
                if app_round_trips:
                    await transaction.rollback()
            if now >= window_start:
                tally.latencies.append(time.perf_counter() - now)
                tally.bytes_received += sum(len(str(v)) for row in rows for v in row.values())

    try:
        await asyncio.gather(*(user(n) for n in range(concurrency)))
    finally:
        await pool.close()
    return tally
