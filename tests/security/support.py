"""Shared by the security tests: a client on a separately built app, and a witness that a refused
request changed nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from litestar import Litestar

from tests.api.catalog import API, Call, Operation
from tests.api.conftest import BASE_URL
from tests.support.lifespan import start_app, stop_app
from tests.support.tenants import PASSWORD, Tenant

SESSIONS = f"{API}/sessions"


@asynccontextmanager
async def serve(app: Litestar, address: str = "203.0.113.9") -> AsyncIterator[httpx.AsyncClient]:
    """A client on a separately built app (see tests/api/conftest.py session_client)."""
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    await start_app(app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client
    finally:
        await stop_app(app)


async def log_in(client: httpx.AsyncClient, username: str) -> str:
    """A fresh session of `username`; returns its refresh token (kept out of the cookie jar)."""
    response = await client.post(SESSIONS, json={"username": username, "password": PASSWORD})
    client.cookies.clear()
    assert response.status_code == 200, response.text
    return response.cookies["rt"]


async def refresh(client: httpx.AsyncClient, rt: str) -> httpx.Response:
    response = await client.patch(SESSIONS, headers={"Cookie": f"rt={rt}"})
    client.cookies.clear()
    return response


@dataclass
class Witness:
    """What a refused request must leave as it was, seen by the owner's admin: the targeted row's
    card (or its 404 while soft-deleted), the company's count for a create, the admin's session
    for a log-out-everywhere."""

    client: httpx.AsyncClient
    tenant: Tenant
    what: str
    before: Any

    @classmethod
    async def take(
        cls, client: httpx.AsyncClient, tenant: Tenant, operation: Operation, call: Call
    ) -> Witness:
        if operation.path == f"{API}/sessions/all":
            return cls(client, tenant, "session", await log_in(client, tenant.admin.username))
        if call.probe is not None:
            return cls(client, tenant, call.probe, await cls._read(client, tenant, call.probe))
        if call.path.endswith("/restore"):
            card = call.path.removesuffix("/restore")
            before = await cls._read(client, tenant, card)
            assert before[0] == 404, before
            return cls(client, tenant, card, before)
        assert operation.method == "POST", operation.key
        return cls(client, tenant, f"count:{call.path}", await cls._count(client, tenant, call))

    @staticmethod
    async def _read(client: httpx.AsyncClient, tenant: Tenant, path: str) -> tuple[int, Any]:
        response = await client.get(path, headers=tenant.admin.headers)
        return response.status_code, response.json()

    @staticmethod
    async def _count(client: httpx.AsyncClient, tenant: Tenant, call: Call) -> int:
        response = await client.get(call.path, params={"limit": 1}, headers=tenant.admin.headers)
        assert response.status_code == 200, response.text
        return response.json()["count"]

    async def assert_unchanged(self) -> None:
        if self.what == "session":
            response = await refresh(self.client, self.before)
            assert response.status_code == 200, ("the session was revoked", response.text)
            self.before = response.cookies["rt"]
            return
        if self.what.startswith("count:"):
            path = self.what.removeprefix("count:")
            after: Any = await self._count(self.client, self.tenant, Call(path))
        else:
            after = await self._read(self.client, self.tenant, self.what)
        assert after == self.before, (self.what, self.before, after)
