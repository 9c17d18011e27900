"""Idempotency answers in PostgreSQL. An answer is written with the commit and replaces only an
expired one (a live one, committed by another request in the window the claim leaves, fails the
commit); expired answers are deleted by `gefest prune-idempotency` and by each server worker's
own timer. Rows of a company made through the use case, answers written by SQL with the ages a
test needs."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.postgres.engine import create_engine
from adapters.postgres.idempotency import SqlaIdempotencyRecords
from adapters.postgres.session import PgSession
from adapters.postgres.tables import idempotency_answers
from application.errors import KeyAnsweredMeanwhile
from application.idempotency.answers import KeyScope, RememberedAnswer, StoredAnswer
from entrypoints.cli.main import main
from entrypoints.http.app import create_app
from entrypoints.settings import to_async_database_url
from tests.api.conftest import api_settings
from tests.support.lifespan import start_app, stop_app
from tests.support.tenants import Tenant, make_tenant

T = TypeVar("T")


@pytest.fixture
def tenant(migrated_database_url: str) -> Tenant:
    """Made in a loop of its own: the command tests are `def` tests, since the command runs its
    own event loop and signal handlers, which need the main thread."""

    async def make() -> Tenant:
        app = create_app(api_settings(migrated_database_url))
        try:
            return await make_tenant(app.state.dishka_container)
        finally:
            await stop_app(app)

    return asyncio.run(make())


def on_database(url: str, work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    async def run() -> T:
        engine = create_async_engine(to_async_database_url(url))
        try:
            return await work(engine)
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def write_answers(engine: AsyncEngine, tenant: Tenant, **ages: timedelta) -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "company_id": tenant.company_id,
            "user_id": tenant.admin.id,
            "key": key,
            "fingerprint": "print",
            "status": 201,
            "headers": {},
            "body": b"{}",
            "recorded_at": now - age,
        }
        for key, age in ages.items()
    ]
    async with engine.begin() as connection:
        await connection.execute(insert(idempotency_answers), rows)


async def keys_left(engine: AsyncEngine, tenant: Tenant) -> set[str]:
    async with engine.connect() as connection:
        result = await connection.execute(
            select(idempotency_answers.c.key).where(
                idempotency_answers.c.company_id == tenant.company_id
            )
        )
        return set(result.scalars())


def test_the_command_deletes_the_expired_answers_only(
    tenant: Tenant,
    migrated_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Any,
) -> None:
    ages = {"expired": timedelta(hours=25), "kept": timedelta(hours=23, minutes=59)}
    on_database(migrated_database_url, lambda engine: write_answers(engine, tenant, **ages))
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", migrated_database_url)
    monkeypatch.setenv("APP_ENV", "test")

    code = main(["prune-idempotency"])

    assert code == 0
    printed = capsys.readouterr().out
    assert re.fullmatch(r"[1-9][0-9]* expired idempotency answers deleted\n", printed), printed
    assert on_database(migrated_database_url, lambda e: keys_left(e, tenant)) == {"kept"}


def test_the_command_honours_the_configured_time_to_live(
    tenant: Tenant,
    migrated_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
) -> None:
    ages = {"old": timedelta(hours=3), "young": timedelta(hours=1)}
    on_database(migrated_database_url, lambda engine: write_answers(engine, tenant, **ages))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", migrated_database_url)
    monkeypatch.setenv("APP_ENV", "test")
    monkeypatch.setenv("IDEMPOTENCY_TTL_HOURS", "2")

    assert main(["prune-idempotency"]) == 0
    assert on_database(migrated_database_url, lambda e: keys_left(e, tenant)) == {"young"}


async def test_each_server_worker_prunes_on_its_own(
    tenant: Tenant, migrated_database_url: str
) -> None:
    engine = create_async_engine(to_async_database_url(migrated_database_url))
    app = create_app(api_settings(migrated_database_url, housekeeping_interval_seconds=0.05))
    await start_app(app)
    try:
        await write_answers(
            engine, tenant, **{f"old-{secrets.token_hex(2)}": timedelta(days=2), "new": timedelta()}
        )
        for _ in range(100):
            if await keys_left(engine, tenant) == {"new"}:
                break
            await asyncio.sleep(0.05)
        assert await keys_left(engine, tenant) == {"new"}
    finally:
        await stop_app(app)
        await engine.dispose()


async def _claim_and_remember(engine: AsyncEngine, scope: KeyScope, body: bytes) -> None:
    """One keyed request's part: take the key, write the answer, commit."""
    session = PgSession(engine)
    records = SqlaIdempotencyRecords(session)
    now = datetime.now(UTC)
    try:
        claim = await records.claim(scope, newer_than=now - timedelta(hours=24))
        assert claim.taken
        answer = RememberedAnswer("print", StoredAnswer(201, {"Location": "/x"}, body), now)
        await records.remember(scope, answer, replacing_older_than=now - timedelta(hours=24))
        await session.commit()
    finally:
        await session.close()


async def _answer_of(engine: AsyncEngine, scope: KeyScope) -> RememberedAnswer | None:
    session = PgSession(engine)
    try:
        return await SqlaIdempotencyRecords(session).find(scope, datetime.now(UTC) - timedelta(1))
    finally:
        await session.close()


async def test_an_answer_replaces_an_expired_one_and_a_live_one_fails_the_commit(
    tenant: Tenant, migrated_database_url: str
) -> None:
    engine = create_engine(to_async_database_url(migrated_database_url))
    scope = KeyScope(tenant.company_id, tenant.admin.id, "expired")
    try:
        await write_answers(engine, tenant, expired=timedelta(hours=25))
        await _claim_and_remember(engine, scope, b'{"id": "new"}')
        replaced = await _answer_of(engine, scope)
        assert replaced is not None
        assert (replaced.answer.body, replaced.answer.headers) == (
            b'{"id": "new"}',
            {"Location": "/x"},
        )

        await write_answers(engine, tenant, live=timedelta(minutes=1))  # another request's
        live = KeyScope(tenant.company_id, tenant.admin.id, "live")
        with pytest.raises(KeyAnsweredMeanwhile):
            await _claim_and_remember(engine, live, b'{"id": "second run"}')
        kept = await _answer_of(engine, live)
        assert kept is not None and kept.answer.body == b"{}"
    finally:
        await engine.dispose()
