"""PgSession on a real server: lone reads run without a transaction, the first write begins one
that lasts until the commit, and a connection that died while pooled costs no request an error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.engine import create_engine
from adapters.postgres.session import PgSession
from application.errors import AlreadyExists, ServiceUnavailable
from entrypoints.demo.loader import asyncpg_dsn

NOW = text("select now()")  # when the statement's transaction began
COUNT = text("select count(*) from notes")
INSERT = text("insert into notes (body) values ('kept?')")
PID = text("select pg_backend_pid()")


@pytest_asyncio.fixture(loop_scope="session")
async def database(empty_database_url: str) -> str:
    connection = await asyncpg.connect(asyncpg_dsn(empty_database_url))
    try:
        await connection.execute("create table notes (id serial primary key, body text)")
    finally:
        await connection.close()
    return empty_database_url


@pytest_asyncio.fixture(loop_scope="session")
async def engine(database: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database, pool_size=1, timeout_seconds=5)
    try:
        yield engine
    finally:
        await engine.dispose()


async def scalar(session: PgSession, statement: object, *, write: bool = False) -> object:
    run = session.execute if write else session.read
    return (await run(statement)).scalar_one()  # type: ignore[arg-type]


async def outside_count(database: str) -> int:
    connection = await asyncpg.connect(asyncpg_dsn(database))
    try:
        return int(await connection.fetchval("select count(*) from notes"))
    finally:
        await connection.close()


async def kill_other_backends(database: str) -> int:
    connection = await asyncpg.connect(asyncpg_dsn(database))
    try:
        return len(
            await connection.fetch(
                "select pg_terminate_backend(pid) from pg_stat_activity"
                " where datname = current_database() and pid <> pg_backend_pid()"
            )
        )
    finally:
        await connection.close()


async def test_each_read_before_a_write_is_its_own_transaction(engine: AsyncEngine):
    async def began() -> object:
        await asyncio.sleep(0.01)
        return await scalar(session, NOW)

    session = PgSession(engine)
    try:
        assert await began() != await began()  # no BEGIN held a transaction open
        await session.execute(INSERT)
        assert await began() == await began()  # inside the write's transaction now
    finally:
        await session.close()


async def test_a_read_after_a_write_sees_it_and_closing_without_commit_undoes_it(
    engine: AsyncEngine, database: str
):
    session = PgSession(engine)
    try:
        before = await scalar(session, COUNT)
        await session.execute(INSERT)
        assert await scalar(session, COUNT) == before + 1  # type: ignore[operator]
        assert await outside_count(database) == before
    finally:
        await session.close()
    assert await outside_count(database) == before


async def test_after_a_commit_reads_are_lone_again_and_a_new_write_begins_anew(
    engine: AsyncEngine, database: str
):
    session = PgSession(engine)
    try:
        before = await scalar(session, COUNT)
        await session.execute(INSERT)
        await session.commit()
        assert await outside_count(database) == before + 1  # type: ignore[operator]
        assert await scalar(session, NOW) != await scalar(session, NOW)
        await session.execute(INSERT)  # a second transaction, never committed
    finally:
        await session.close()
    assert await outside_count(database) == before + 1  # type: ignore[operator]


async def test_the_pool_lends_the_next_borrower_a_transactional_connection(
    engine: AsyncEngine, database: str
):
    session = PgSession(engine)
    first_pid = await scalar(session, PID)
    await session.close()  # back to the pool (of one) while in lone-read mode
    before = await outside_count(database)
    async with engine.connect() as connection:
        assert (await connection.execute(PID)).scalar_one() == first_pid
        await connection.execute(INSERT)
        await connection.rollback()
    assert await outside_count(database) == before


async def test_a_connection_that_died_in_the_pool_costs_the_next_request_nothing(
    engine: AsyncEngine, database: str
):
    for first in (PID, INSERT):  # a lone read, and the first write of a transaction
        session = PgSession(engine)
        await session.read(PID)
        await session.close()
        assert await kill_other_backends(database) == 1  # the pooled connection is dead now
        before = await outside_count(database)

        session = PgSession(engine)
        try:
            if first is INSERT:
                await session.execute(INSERT)
                await session.commit()
            else:
                await session.read(PID)
            assert session.statements == 1
        finally:
            await session.close()
        assert await outside_count(database) == before + (first is INSERT)


async def test_a_connection_lost_after_its_first_statement_is_not_retried(
    engine: AsyncEngine, database: str
):
    session = PgSession(engine)
    before = await outside_count(database)
    try:
        await session.execute(INSERT)
        await kill_other_backends(database)
        with pytest.raises(ServiceUnavailable):
            await session.read(COUNT)  # the write above is gone with its connection
    finally:
        await session.close()  # never raises for a lost connection
    assert await outside_count(database) == before
    healthy = PgSession(engine)
    try:
        assert await scalar(healthy, COUNT) == before
    finally:
        await healthy.close()


DEFERRED = "insert into notes (body) values ($1)"


async def test_a_deferred_write_is_sent_with_the_commit_and_kept_with_the_transaction(
    engine: AsyncEngine, database: str
):
    session = PgSession(engine)
    try:
        before = await outside_count(database)
        await session.execute(INSERT)
        session.defer(DEFERRED, "it's $q0")
        assert await scalar(session, COUNT) == before + 1  # type: ignore[operator]
        await session.commit()
        assert session.statements == 3
        assert await outside_count(database) == before + 2  # type: ignore[operator]
        session.defer(DEFERRED, "alone, it begins its own transaction")
        await session.commit()
        assert await outside_count(database) == before + 3  # type: ignore[operator]
    finally:
        await session.close()


async def test_a_rollback_or_a_close_drops_deferred_writes_unsent(
    engine: AsyncEngine, database: str
):
    before = await outside_count(database)
    session = PgSession(engine)
    try:
        await session.execute(INSERT)
        session.defer(DEFERRED, "dropped")
        await session.rollback()
        await session.commit()  # nothing is left to send
        session.defer(DEFERRED, "dropped too")
    finally:
        await session.close()
    assert await outside_count(database) == before


async def test_a_failing_deferred_write_fails_the_commit_and_keeps_nothing(
    engine: AsyncEngine, database: str
):
    before = await outside_count(database)
    session = PgSession(engine)
    try:
        await session.execute(INSERT)
        session.defer("insert into notes (id, body) values (1, $1)", "first")
        session.defer("insert into notes (id, body) values (1, $1)", "the same id")
        with pytest.raises(AlreadyExists):
            await session.commit()
    finally:
        await session.close()
    assert await outside_count(database) == before
    next_borrower = PgSession(engine)  # the pool of one lends the same connection, clean
    try:
        await next_borrower.execute(INSERT)
        await next_borrower.commit()
    finally:
        await next_borrower.close()
    assert await outside_count(database) == before + 1  # type: ignore[operator]


async def test_a_deferred_only_commit_on_a_connection_that_died_in_the_pool_goes_again(
    engine: AsyncEngine, database: str
):
    session = PgSession(engine)
    await session.read(PID)
    await session.close()
    assert await kill_other_backends(database) == 1
    before = await outside_count(database)
    session = PgSession(engine)
    try:
        session.defer(DEFERRED, "kept")
        await session.commit()
    finally:
        await session.close()
    assert await outside_count(database) == before + 1  # type: ignore[operator]
