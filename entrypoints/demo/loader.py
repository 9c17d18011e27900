"""Loads a DemoDataset into PostgreSQL with COPY, in one transaction: all of it or nothing.

Speed (100,000 candidates, 200,000 interviews, ~1.7 million rows in all) comes from three things:

- rows are generated in a worker thread while the previous chunk is being COPied, so Python and
  the server work at the same time (generation order, hence the rows, stays the same);
- when the bulk tables (candidates and their children, vacancies, interviews) hold no rows at all,
  their indexes, keys and foreign keys are dropped inside the loading transaction and re-created
  after the COPY: one sorted build per index and one join per foreign key instead of a random
  B-tree and GIN insert and a foreign-key lookup per row. The definitions are read from the catalog
  and re-created verbatim, and re-creating them validates every row, so the schema ends exactly as
  it was (a failure rolls the whole load back). The tables are locked for the load. Triggers
  are left alone: those keeping `candidate_counts` fire once per COPY of candidates, with the
  COPY's rows as their transition table (the counter is no bulk table, and its one foreign key
  points at companies, so nothing of it is dropped either);
- with rows of another company present, nothing is dropped and the load is simply slower.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TextIO
from uuid import UUID

import asyncpg
import bcrypt
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

from adapters.postgres.candidate_children import STORE_ALL
from entrypoints.demo.dataset import (
    COLUMNS,
    DEMO_OGRN,
    DEMO_PASSWORD,
    DEMO_USERS,
    DemoDataset,
    Rows,
)

BULK_TABLES = (
    "candidates",
    "candidate_contacts",
    "candidate_work_places",
    "candidate_languages",
    "candidate_notes",
    "candidate_skills",
    "vacancies",
    "vacancy_skills",
    "interviews",
    "interview_stage_results",
)
# Index builds sort in memory up to this much (the server default, 64MB, spills GIN builds to disk).
BUILD_MEMORY = "256MB"

# COPY goes past the repository, which keeps each candidate's stored card lists: they are built
# here for the whole company in one statement, once the rows (and the keys) are in.
_STORE_CARD_LISTS = str(STORE_ALL.compile(dialect=asyncpg_dialect()))
CARD_SOURCES = (
    "candidates",
    "candidate_contacts",
    "candidate_work_places",
    "candidate_languages",
    "candidate_skills",
    "skills",
)


class AlreadyLoaded(Exception):
    """The demo company exists: a second run adds nothing."""


@dataclass(frozen=True, slots=True)
class LoadSummary:
    company_id: str
    rows: dict[str, int]
    seconds: float
    rebuilt_indexes: bool = False  # True when indexes and keys were built after the COPY


class Progress:
    """A progress bar redrawn in place on a terminal; otherwise a line per tenth of the work."""

    def __init__(self, total: int, label: str, stream: TextIO | None) -> None:
        self._total, self._label, self._stream = max(total, 1), label, stream
        self._done, self._started = 0, time.perf_counter()
        self._tty = stream is not None and stream.isatty()

    def advance(self, amount: int) -> None:
        before, self._done = self._done, self._done + amount
        if self._tty:
            self._draw("\r")
        elif (
            self._done < self._total
            and before * 10 // self._total != self._done * 10 // self._total
        ):
            self._draw("\n")

    def finish(self) -> None:
        """The last line: what was done (some planned rows, like duplicate pairs, are skipped)."""
        self._total = max(self._done, 1)
        self._draw("\n")

    def _draw(self, end: str) -> None:
        if self._stream is None:
            return
        share = min(self._done / self._total, 1.0)
        bar = "#" * int(share * 30)
        elapsed = time.perf_counter() - self._started
        self._stream.write(
            f"{self._label:<12} [{bar:<30}] {self._done:>9,}/{self._total:,} {elapsed:6.1f}s{end}"
        )
        self._stream.flush()


def asyncpg_dsn(url: str) -> str:
    """asyncpg takes libpq URLs; SQLAlchemy's carry a driver name."""
    scheme, _, rest = url.partition("://")
    return f"postgresql://{rest}" if scheme.startswith("postgres") else url


async def load_demo_data(
    url: str, *, seed: int = 1, candidates: int = 1000, stream: TextIO | None = sys.stderr
) -> LoadSummary:
    started = time.perf_counter()
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        if await demo_company_id(connection) is not None:
            raise AlreadyLoaded("the demo company is already loaded; nothing was added")
        live_addresses = [
            r["code"]
            for r in await connection.fetch("SELECT code FROM ref_addresses WHERE NOT is_archive")
        ]
        dataset = DemoDataset(seed, candidates, live_addresses)
        password_hash = bcrypt.hashpw(DEMO_PASSWORD.encode(), bcrypt.gensalt(10)).decode()
        counts: dict[str, int] = {}
        async with connection.transaction():
            inserted = await connection.fetchval(
                "INSERT INTO companies (id, full_name, short_name, ogrn, created_at) "
                "VALUES ($1, 'ООО «Гефест Демо»', 'Гефест Демо', $2, $3) "
                "ON CONFLICT DO NOTHING RETURNING id",
                dataset.company_id,
                DEMO_OGRN,
                dataset.founded_at,
            )
            if inserted is None:  # another run got there between our check and now
                raise AlreadyLoaded("the demo company is already loaded; nothing was added")
            await _copy(connection, dataset.dictionary_rows(password_hash), counts)
            deferred = (
                await DeferredSchema.take_down(connection)
                if await _bulk_empty(connection)
                else None
            )
            bar = Progress(dataset.candidate_count, "candidates", stream)
            async for chunk in _generated(dataset.candidate_chunks()):
                await _copy(connection, chunk, counts)
                bar.advance(len(chunk["candidates"]))
            bar.finish()
            vacancies, vacancy_ids = dataset.vacancy_rows()
            await _copy(connection, vacancies, counts)
            bar = Progress(dataset.interview_count, "interviews", stream)
            async for chunk in _generated(dataset.interview_chunks(vacancy_ids)):
                await _copy(connection, chunk, counts)
                bar.advance(len(chunk["interviews"]))
            bar.finish()
            if deferred is not None:
                await deferred.restore(connection, Progress(len(deferred), "indexes", stream))
            bar = Progress(dataset.candidate_count, "cards", stream)
            # Statistics first: without them the planner may scan a whole child table for each
            # candidate (minutes at 100,000) instead of probing its index.
            await connection.execute(f"ANALYZE {', '.join(CARD_SOURCES)}")
            await connection.execute(_STORE_CARD_LISTS, dataset.company_id)
            bar.advance(dataset.candidate_count)
            bar.finish()
        # Fresh rows have neither statistics nor visibility-map bits nor hint bits: without this,
        # the planner guesses blind and the first readers rewrite every page they touch.
        await connection.execute(
            f"VACUUM (ANALYZE) companies, candidate_cards, {', '.join(COLUMNS)}"
        )
        return LoadSummary(
            str(dataset.company_id), counts, time.perf_counter() - started, deferred is not None
        )
    finally:
        await connection.close()


async def demo_company_id(connection: asyncpg.Connection) -> UUID | None:
    """The demo company: the one with the demo OGRN, or (loaded by an older version) the company
    of the demo users, whose usernames are unique across companies."""
    return await connection.fetchval(
        "SELECT id FROM companies WHERE ogrn = $1 UNION ALL "
        "(SELECT company_id FROM users WHERE lower(username) = ANY($2::text[]) LIMIT 1) LIMIT 1",
        DEMO_OGRN,
        [username for username, *_ in DEMO_USERS],
    )


async def _bulk_empty(connection: asyncpg.Connection) -> bool:
    probes = " AND ".join(f"NOT EXISTS (SELECT FROM {table})" for table in BULK_TABLES)
    return bool(await connection.fetchval(f"SELECT {probes}"))


async def _generated(chunks: Iterator[Rows]) -> AsyncIterator[Rows]:
    """The chunks of `chunks`, each generated in a worker thread while the caller COPies the
    previous one. One thread advances the iterator, in order: the rows are the same."""
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-rows") as worker:
        pending = loop.run_in_executor(worker, next, chunks, None)
        while (chunk := await pending) is not None:
            pending = loop.run_in_executor(worker, next, chunks, None)
            yield chunk


async def _copy(connection: asyncpg.Connection, rows: Rows, counts: dict[str, int]) -> None:
    for table in COLUMNS:  # parents before children
        records = rows.get(table)
        if not records:
            continue
        await connection.copy_records_to_table(table, records=records, columns=list(COLUMNS[table]))
        counts[table] = counts.get(table, 0) + len(records)


@dataclass(frozen=True, slots=True)
class DeferredSchema:
    """The keys, indexes and foreign keys of the bulk tables, as the catalog spells them."""

    keys: list[tuple[str, str, str]]  # (table, constraint, definition): primary and unique keys
    indexes: list[str]  # CREATE INDEX statements of the indexes that back no constraint
    foreign_keys: list[tuple[str, str, str]]  # (table, constraint, definition)

    def __len__(self) -> int:
        return len(self.keys) + len(self.indexes) + len(self.foreign_keys)

    @classmethod
    async def take_down(cls, connection: asyncpg.Connection) -> DeferredSchema:
        """Lock the bulk tables, read their keys, indexes and foreign keys (also those of other
        tables pointing at them), and drop them: foreign keys first, then keys, then indexes."""
        await connection.execute(f"LOCK TABLE {', '.join(BULK_TABLES)} IN ACCESS EXCLUSIVE MODE")
        oids = [await connection.fetchval("SELECT $1::regclass::oid", t) for t in BULK_TABLES]
        foreign_keys = await connection.fetch(
            "SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND (conrelid = ANY($1::oid[]) OR confrelid = ANY($1::oid[])) ORDER BY oid",
            oids,
        )
        keys = await connection.fetch(
            "SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def "
            "FROM pg_constraint WHERE contype IN ('p', 'u') AND conrelid = ANY($1::oid[]) "
            "ORDER BY oid",
            oids,
        )
        indexes = await connection.fetch(
            "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def "
            "FROM pg_index i WHERE i.indrelid = ANY($1::oid[]) AND NOT EXISTS "
            "(SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY i.indexrelid",
            oids,
        )
        schema = cls(
            keys=[(r["tbl"], r["conname"], r["def"]) for r in keys],
            indexes=[r["def"] for r in indexes],
            foreign_keys=[(r["tbl"], r["conname"], r["def"]) for r in foreign_keys],
        )
        for table, name, _ in (*schema.foreign_keys, *schema.keys):
            await connection.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_quoted(name)}")
        for row in indexes:
            await connection.execute(f"DROP INDEX {row['name']}")
        return schema

    async def restore(self, connection: asyncpg.Connection, bar: Progress) -> None:
        """Re-create everything `take_down` dropped; each step checks the loaded rows."""
        await connection.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        for table, name, definition in self.keys:
            await connection.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {_quoted(name)} {definition}"
            )
            bar.advance(1)
        for statement in self.indexes:
            await connection.execute(statement)
            bar.advance(1)
        for table, name, definition in self.foreign_keys:
            await connection.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {_quoted(name)} {definition}"
            )
            bar.advance(1)
        bar.finish()


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
