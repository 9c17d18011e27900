"""The real app on a migrated PostgreSQL database, spoken to over HTTP.

One app and one client serve the whole session; every test makes its own company (tenant), so
tests never see each other's rows."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from dishka import AsyncContainer
from litestar import Litestar

from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.support.lifespan import start_app, stop_app
from tests.support.tenants import Tenant, make_tenant

BASE_URL = "https://testserver.local"


def api_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "app_env": "test",
        "jwt_secret": "test-secret-" + "x" * 40,
        "bcrypt_rounds": 4,
        "login_rate_limit_per_minute": 1000,
        # Off unless a test serves the legacy contract (tests/api/legacy): with it, the refresh
        # cookie is set at two paths, which httpx's cookie jar cannot tell apart by name.
        "legacy_api_prefix": "",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings(migrated_database_url: str) -> Settings:
    return api_settings(migrated_database_url)


@pytest.fixture(scope="session")
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture(scope="session")
def container(app: Litestar) -> AsyncContainer:
    return app.state.dishka_container


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def session_client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """In the test's own event loop (unlike Litestar's AsyncTestClient, which runs the app in a
    portal thread), so fixtures may share the app's container and engine."""
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    # The startup hooks run by hand: Litestar's lifespan must exit in the task that entered it,
    # which a session fixture's finalizer is not.
    await start_app(app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client
    finally:
        await stop_app(app)


@pytest_asyncio.fixture(loop_scope="session")
async def client(session_client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The session's client with no cookies left over from another test."""
    session_client.cookies.clear()
    return session_client


@pytest_asyncio.fixture(loop_scope="session")
async def tenant(container: AsyncContainer) -> Tenant:
    return await make_tenant(container)


@pytest_asyncio.fixture(loop_scope="session")
async def other_tenant(container: AsyncContainer) -> Tenant:
    return await make_tenant(container)
