from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from adapters.postgres.embedded import EmbeddedPostgres, EmbeddedPostgresError
from tests.support.embedded import assert_process_gone, scratch_directory

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir() -> Iterator[Path]:
    with scratch_directory("gefest-embedded-") as root:
        yield root / "postgres"


async def scalar(url: str, sql: str) -> object:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(text(sql))
            return result.scalar() if result.returns_rows else None
    finally:
        await engine.dispose()


async def test_starts_answers_stops_and_keeps_its_data_across_restarts(data_dir: Path):
    server = EmbeddedPostgres(data_dir)
    url = server.start()
    pid = server.pid

    assert url.startswith("postgresql+asyncpg://postgres:@/postgres?host=")
    assert await scalar(url, "select 1") == 1
    await scalar(url, "create table kept as select 'still here'::text as value")

    server.stop()
    assert pid is not None
    assert not server.is_running()
    assert not (data_dir / "postmaster.pid").exists()
    assert_process_gone(pid)

    url = server.start()
    try:
        assert await scalar(url, "select value from kept") == "still here"
    finally:
        server.stop()
    assert not server.is_running()


async def test_works_as_a_context_manager_and_stop_is_idempotent(data_dir: Path):
    with EmbeddedPostgres(data_dir) as server:
        assert await scalar(server.url, "select 1") == 1
    assert not server.is_running()
    server.stop()
    with pytest.raises(EmbeddedPostgresError):
        _ = server.url


async def test_trigram_indexes_can_serve_words_of_any_script(data_dir: Path):
    """Under a plain C ctype pg_trgm finds no trigrams in a Cyrillic word, and search for it
    falls back to reading the whole table."""
    with EmbeddedPostgres(data_dir) as server:
        await scalar(server.url, "create extension pg_trgm")
        assert await scalar(server.url, "select cardinality(show_trgm('ёлкин'))") == 6
        assert await scalar(server.url, "select lower('ЁЛКИН O''NEIL')") == "ёлкин o'neil"
        # Sorting stays by code point, as on the C collation the schema was written for.
        assert await scalar(server.url, "select 'Z' < 'a' and 'я' < 'ё'") is True


def test_a_second_owner_of_a_live_server_is_refused(data_dir: Path):
    with (
        EmbeddedPostgres(data_dir),
        pytest.raises(EmbeddedPostgresError, match="in use by another process"),
    ):
        EmbeddedPostgres(data_dir).start()


def start_in_a_process_then_kill_it(data_dir: Path) -> int:
    """Start a server from another process, SIGKILL that process; return the orphan's pid."""
    owner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from adapters.postgres.embedded import EmbeddedPostgres\n"
            "server = EmbeddedPostgres(sys.argv[1])\n"
            "server.start()\n"
            "print(server.pid, flush=True)\n"
            "time.sleep(120)\n",
            str(data_dir),
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert owner.stdout is not None
        stale_pid = int(owner.stdout.readline())
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait(10)
    return stale_pid


async def test_recovers_a_server_left_running_by_a_killed_owner(data_dir: Path):
    stale_pid = start_in_a_process_then_kill_it(data_dir)
    assert EmbeddedPostgres(data_dir).pid == stale_pid, "the orphaned server should still run"

    server = EmbeddedPostgres(data_dir)
    url = server.start()
    try:
        assert server.pid != stale_pid
        assert await scalar(url, "select 1") == 1
    finally:
        server.stop()
    assert_process_gone(stale_pid)
    assert not server.is_running()
