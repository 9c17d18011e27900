"""Events past EVENT_RETENTION_DAYS are deleted: by `gefest events prune` and by each server
worker's housekeeping timer. Old events are written by SQL with the ages a test needs (their
UUIDv7 ids made at those moments, as the app makes them)."""

from __future__ import annotations

import asyncio
import os
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.postgres.tables import events
from adapters.system import uuid7_floor
from entrypoints.cli.main import main
from entrypoints.http.app import create_app
from entrypoints.settings import to_async_database_url
from tests.api.conftest import api_settings
from tests.integration.test_idempotency_answers import on_database
from tests.integration.test_idempotency_answers import tenant as tenant  # the fixture
from tests.support.lifespan import start_app, stop_app
from tests.support.tenants import Tenant


def _id_at(moment: datetime) -> UUID:
    return UUID(int=uuid7_floor(moment).int | int.from_bytes(os.urandom(7), "big"))


async def write_events(engine: AsyncEngine, tenant: Tenant, **ages: timedelta) -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "id": _id_at(now - age),
            "company_id": tenant.company_id,
            "type": "skill.deleted",
            "entity_type": "skill",
            "entity_id": tenant.company_id,
            "actor_id": None,
            "occurred_at": now - age,
            "body": {"label": label},
        }
        for label, age in ages.items()
    ]
    async with engine.begin() as connection:
        await connection.execute(insert(events), rows)


async def labels_left(engine: AsyncEngine, tenant: Tenant) -> set[str]:
    async with engine.connect() as connection:
        result = await connection.execute(
            select(events.c.body["label"].as_string()).where(
                events.c.company_id == tenant.company_id, events.c.type == "skill.deleted"
            )
        )
        return set(result.scalars())


def _environment(monkeypatch: pytest.MonkeyPatch, url: str, tmp_path: Any) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("APP_ENV", "test")


def test_the_command_deletes_events_past_the_retention(
    tenant: Tenant,
    migrated_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Any,
) -> None:
    ages = {"expired": timedelta(days=366), "kept": timedelta(days=364)}
    on_database(migrated_database_url, lambda engine: write_events(engine, tenant, **ages))
    _environment(monkeypatch, migrated_database_url, tmp_path)

    assert main(["events", "prune"]) == 0

    printed = capsys.readouterr().out
    assert re.fullmatch(r"[1-9][0-9]* events older than 365 days deleted\n", printed), printed
    assert on_database(migrated_database_url, lambda e: labels_left(e, tenant)) == {"kept"}


def test_the_command_honours_the_configured_retention(
    tenant: Tenant, migrated_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    ages = {"old": timedelta(days=3), "young": timedelta(days=1)}
    on_database(migrated_database_url, lambda engine: write_events(engine, tenant, **ages))
    _environment(monkeypatch, migrated_database_url, tmp_path)
    monkeypatch.setenv("EVENT_RETENTION_DAYS", "2")

    assert main(["events", "prune"]) == 0
    assert on_database(migrated_database_url, lambda e: labels_left(e, tenant)) == {"young"}


async def test_each_server_worker_prunes_old_events(
    tenant: Tenant, migrated_database_url: str
) -> None:
    engine = create_async_engine(to_async_database_url(migrated_database_url))
    settings = api_settings(migrated_database_url, housekeeping_interval_seconds=0.05)
    app = create_app(settings)
    await start_app(app)
    try:
        await write_events(engine, tenant, old=timedelta(days=400), new=timedelta())
        for _ in range(100):
            if await labels_left(engine, tenant) == {"new"}:
                break
            await asyncio.sleep(0.05)
        assert await labels_left(engine, tenant) == {"new"}
    finally:
        await stop_app(app)
        await engine.dispose()
