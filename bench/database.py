"""The benchmark's database: found or made, migrated, and holding the demo data.

BENCH_DATABASE_URL is used as it is. Else, on the server of TEST_DATABASE_URL, the database
`gefest_bench_<candidates>` is created once and kept: a later run finds the demo data in it and
starts at once. Else an embedded PostgreSQL in `.data/bench` (kept too)."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
from sqlalchemy import make_url

from adapters.postgres.migrator import upgrade
from entrypoints.demo.dataset import COLUMNS
from entrypoints.demo.loader import asyncpg_dsn, demo_company_id, load_demo_data
from entrypoints.settings import to_async_database_url

EMBEDDED_DATA_DIR = Path(".data") / "bench" / "postgres"


@contextlib.contextmanager
def bench_server(candidates: int) -> Iterator[tuple[str, str]]:
    """Yield (libpq URL of the benchmark database, where it is), ready to migrate."""
    configured = os.environ.get("BENCH_DATABASE_URL")
    if configured:
        yield configured, "BENCH_DATABASE_URL"
        return
    server = os.environ.get("TEST_DATABASE_URL")
    if server:
        name = f"gefest_bench_{candidates}"
        url = make_url(asyncpg_dsn(server)).set(database=name).render_as_string(hide_password=False)
        yield url, f"database {name} on the TEST_DATABASE_URL server"
        return
    from adapters.postgres.embedded import EmbeddedPostgres

    embedded = EmbeddedPostgres(EMBEDDED_DATA_DIR)
    url = embedded.start()
    try:
        yield url, f"embedded PostgreSQL in {EMBEDDED_DATA_DIR}"
    finally:
        embedded.stop()


async def ensure_database(url: str) -> None:
    """CREATE DATABASE when the URL's database does not exist yet (needs the right to)."""
    target = make_url(asyncpg_dsn(url))
    name = target.database
    try:
        connection = await asyncpg.connect(asyncpg_dsn(url))
    except asyncpg.InvalidCatalogNameError:
        connection = None  # not there yet: create it below
    if connection is not None:
        await connection.close()
        return
    admin_url = target.set(database="postgres").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def prepare(url: str, *, candidates: int, seed: int) -> dict[str, object]:
    """Migrate, load the demo data unless it is there, and say what the database holds."""
    await ensure_database(url)
    await upgrade(to_async_database_url(url))
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        loaded = await demo_company_id(connection)
    finally:
        await connection.close()
    load_seconds = None
    if loaded is None:
        print(f"bench: loading {candidates:,} demo candidates (seed {seed})", file=sys.stderr)
        summary = await load_demo_data(url, seed=seed, candidates=candidates, stream=sys.stderr)
        load_seconds = round(summary.seconds, 1)
        print(f"bench: demo data loaded in {summary.seconds:.1f}s", file=sys.stderr)
    else:
        print("bench: the demo data is there already (reused)", file=sys.stderr)
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        company_id = await demo_company_id(connection)
        # Earlier runs' writes leave dead rows and clear visibility-map bits (counts then visit
        # the heap); a server may run without autovacuum (this project's CI server does). Every
        # run starts from a vacuumed, analyzed database.
        started = time.perf_counter()
        await connection.execute(f"VACUUM (ANALYZE) companies, {', '.join(COLUMNS)}")
        print(f"bench: VACUUM (ANALYZE) in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        counts = {
            table: await connection.fetchval(
                f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL AND company_id = $1",
                company_id,
            )
            for table in ("candidates", "vacancies", "interviews")
        }
        counts["interview_stage_results"] = await connection.fetchval(
            "SELECT count(*) FROM interview_stage_results"
        )
    finally:
        await connection.close()
    return {"rows": counts, "load_seconds": load_seconds}
