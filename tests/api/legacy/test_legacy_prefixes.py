"""API_PREFIX and LEGACY_API_PREFIX together: an operator gives `/api/v1` to the old contract
(LEGACY_API_PREFIX=/) and moves the main API elsewhere (API_PREFIX=/v2), so the unchanged
frontend needs no proxy rewrite."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest_asyncio
from litestar import Litestar

from entrypoints.settings import Settings
from tests.api.legacy.conftest import client_of, serving
from tests.support.tenants import PASSWORD, Tenant

MAIN = "/v2"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def moved_app(settings: Settings) -> AsyncIterator[Litestar]:
    async with serving(settings, api_prefix=MAIN, legacy_api_prefix="/") as app:
        yield app


@pytest_asyncio.fixture(loop_scope="session")
async def moved(moved_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(moved_app, "203.0.113.8") as client:
        yield client


async def test_the_old_contract_at_api_v1_and_the_main_api_at_its_own_prefix(
    moved: httpx.AsyncClient, tenant: Tenant
) -> None:
    headers = tenant.admin.headers
    old_list = await moved.get("/api/v1/departments", headers=headers)
    assert old_list.status_code == 200 and "departments" in old_list.json()
    main_list = await moved.get(f"{MAIN}/departments", headers=headers)
    assert main_list.status_code == 200 and "items" in main_list.json()
    assert (await moved.get("/legacy/api/v1/departments", headers=headers)).status_code == 404

    main_schema = (await moved.get("/openapi.json")).json()
    assert {p for p in main_schema["paths"] if not p.startswith(MAIN)} == {"/health", "/ready"}
    link = main_schema["paths"][f"{MAIN}/vacancies/{{id}}"]["get"]["responses"]["200"]["links"]
    assert "OpenVacancyLikeThis" in link  # the schema's links follow the prefix
    old_schema = (await moved.get("/api/v1/openapi.json")).json()
    assert old_schema["servers"] == [{"url": "/"}] and "/api/v1/candidates" in old_schema["paths"]


async def test_a_login_at_the_old_prefix_works_at_the_moved_main_api(
    moved: httpx.AsyncClient, tenant: Tenant
) -> None:
    login = await moved.post(
        "/api/v1/sessions", json={"username": tenant.admin.username, "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    assert {c.path for c in moved.cookies.jar if c.name == "rt"} == {
        "/api/v1/sessions",
        f"{MAIN}/sessions",
    }
    current = await moved.get(f"{MAIN}/users/current")
    assert current.status_code == 200 and current.json()["username"] == tenant.admin.username
    refreshed = await moved.patch(f"{MAIN}/sessions")
    assert refreshed.status_code == 200, refreshed.text
