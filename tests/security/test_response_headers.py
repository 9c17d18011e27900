"""Response headers on every read of tests/api/catalog.py, signed in and not: no MIME sniffing,
no server version, and nothing a shared cache may keep."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.api.catalog import OPERATIONS, Operation, Setup
from tests.support.tenants import Tenant

READS = [pytest.param(op, id=op.key) for op in OPERATIONS if op.method == "GET"]
VERSION = re.compile(r"\d+\.\d+")


def assert_safe_headers(response: httpx.Response) -> None:
    headers = response.headers
    assert headers.get("x-content-type-options") == "nosniff", (response.url, dict(headers))
    for name in ("server", "x-powered-by"):
        assert not VERSION.search(headers.get(name, "")), (name, headers.get(name))
    directives = {
        part.strip().split("=")[0] for part in headers.get("cache-control", "").split(",")
    }
    # Personal data: never stored by a shared cache (reference data may be cached privately).
    assert "no-store" in directives or "private" in directives, (response.url, dict(headers))
    assert "public" not in directives, (response.url, dict(headers))


@pytest.mark.parametrize("operation", READS)
async def test_every_read_has_safe_headers(
    client: httpx.AsyncClient, tenant: Tenant, operation: Operation
) -> None:
    call = await operation.prepare(Setup(client, tenant))
    response = await client.get(call.path, headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    assert_safe_headers(response)
    if "etag" not in response.headers or operation.is_list:
        assert response.headers["cache-control"] == "no-store", dict(response.headers)

    anonymous = await client.get(call.path)
    assert anonymous.status_code == 401, anonymous.text
    assert_safe_headers(anonymous)
    assert anonymous.headers["cache-control"] == "no-store"


async def test_the_error_and_service_responses_have_safe_headers(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for response in (
        await client.get(
            "/api/v1/candidates/00000000-0000-4000-8000-000000000000", headers=tenant.admin.headers
        ),
        await client.get("/api/v1/users", headers={"Authorization": "Bearer nonsense"}),
        await client.post("/api/v1/sessions", json={"username": "nobody-y", "password": "x"}),
        await client.get("/api/v1/no-such-thing", headers=tenant.admin.headers),
    ):
        assert response.status_code >= 400
        assert_safe_headers(response)
        assert response.headers["cache-control"] == "no-store"
    health = await client.get("/health")
    assert health.headers["x-content-type-options"] == "nosniff"
    assert "server" not in health.headers
