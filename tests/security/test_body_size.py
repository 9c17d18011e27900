"""Oversized bodies: refused with 413 and the error envelope before the body is parsed, whether
the client announces the size (Content-Length) or streams it (chunked); the limit is
MAX_REQUEST_BODY_BYTES."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from entrypoints.http.app import create_app
from tests.api.conftest import api_settings
from tests.security.support import SESSIONS, serve
from tests.support.http import assert_error
from tests.support.tenants import Tenant

LIMIT = 2048
DEPARTMENTS = "/api/v1/departments"


@pytest.fixture
async def small(migrated_database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(api_settings(migrated_database_url, max_request_body_bytes=LIMIT))
    async with serve(app) as client:
        yield client


def assert_too_large(response: httpx.Response) -> None:
    body = assert_error(response, 413, "request_too_large")
    assert set(body) <= {"error", "error_description", "details"}, body
    assert "set-cookie" not in response.headers


async def chunks(body: bytes, size: int = 500) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


async def count(client: httpx.AsyncClient, tenant: Tenant) -> int:
    response = await client.get(DEPARTMENTS, headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    return response.json()["count"]


async def test_a_body_over_the_limit_is_413(small: httpx.AsyncClient, tenant: Tenant) -> None:
    big = {"name": "x" * (LIMIT + 10)}
    assert_too_large(await small.post(DEPARTMENTS, json=big, headers=tenant.admin.headers))
    assert_too_large(await small.post(SESSIONS, json={"username": "a", "password": "x" * LIMIT}))
    assert await count(small, tenant) == 0


async def test_it_is_refused_before_parsing(small: httpx.AsyncClient, tenant: Tenant) -> None:
    """Malformed JSON over the limit is 413, not 400: the parser never saw it."""
    garbage = b'{"name": ' + b"[" * (LIMIT * 2)
    response = await small.post(
        DEPARTMENTS,
        content=garbage,
        headers={**tenant.admin.headers, "Content-Type": "application/json"},
    )
    assert_too_large(response)
    assert_error(
        await small.post(
            DEPARTMENTS,
            content=garbage[: LIMIT // 2],
            headers={**tenant.admin.headers, "Content-Type": "application/json"},
        ),
        400,
        "invalid_request",
    )


async def test_a_chunked_body_over_the_limit_is_413(
    small: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = json.dumps({"name": "y" * (LIMIT * 3)}).encode()
    request = small.build_request(
        "POST",
        DEPARTMENTS,
        content=chunks(body),
        headers={**tenant.admin.headers, "Content-Type": "application/json"},
    )
    assert "content-length" not in request.headers
    assert request.headers["transfer-encoding"] == "chunked"
    assert_too_large(await small.send(request))
    assert await count(small, tenant) == 0


async def test_a_body_under_the_limit_is_served(small: httpx.AsyncClient, tenant: Tenant) -> None:
    body = json.dumps({"name": "d" * 150}).encode()
    request = small.build_request(
        "POST",
        DEPARTMENTS,
        content=chunks(body, 40),
        headers={**tenant.admin.headers, "Content-Type": "application/json"},
    )
    created = await small.send(request)
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "d" * 150
    # Near the limit, a body is parsed and validated as usual (the name is too long: 400, not 413).
    response = await small.post(
        DEPARTMENTS, json={"name": "z" * (LIMIT - 100)}, headers=tenant.admin.headers
    )
    assert_error(response, 400, "invalid_request", field="name")


async def test_a_deeply_nested_body_is_invalid_request_not_500(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    """Small enough for any limit, too deep for the decoder's recursion limit."""
    for depth in (2_000, 50_000):
        for body in (
            b"[" * depth + b"]" * depth,
            b'{"name": ' + b"[" * depth + b"]" * depth + b"}",
        ):
            response = await client.post(
                DEPARTMENTS,
                content=body,
                headers={**tenant.admin.headers, "Content-Type": "application/json"},
            )
            assert_error(response, 400, "invalid_request")
    assert await count(client, tenant) == 0
