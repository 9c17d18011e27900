"""Expired idempotency answers are deleted: by `gefest prune-idempotency`, and by each server
worker's own timer. Rows of a company made through the use case, answers written by SQL with the
ages a test needs."""

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

from adapters.postgres.tables import idempotency_answers
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
