"""The legacy tests' app: the session's database and secrets, with LEGACY_API_PREFIX=/legacy."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest_asyncio
from litestar import Litestar

from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.api.conftest import BASE_URL, api_settings
from tests.support.lifespan import start_app, stop_app


@asynccontextmanager
async def serving(settings: Settings, **overrides: object) -> AsyncIterator[Litestar]:
    """The app on the session's database, with these settings changed, started and stopped."""
    app = create_app(api_settings(str(settings.database_url), **overrides))
    await start_app(app)
    try:
        yield app
    finally:
        await stop_app(app)


@asynccontextmanager
async def client_of(app: Litestar, address: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def legacy_app(settings: Settings) -> AsyncIterator[Litestar]:
    async with serving(settings, legacy_api_prefix="/legacy") as app:
        yield app


@pytest_asyncio.fixture(loop_scope="session")
async def client(legacy_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(legacy_app, "203.0.113.7") as client:
        yield client
