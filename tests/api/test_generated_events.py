"""Generated from tests/api/catalog.py and the published schema: every write of the API
documents the events it records (`x-events`), and records exactly those, about the entity it
names, by its caller. A new write without a documented event fails here."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.api.catalog import API, OPERATIONS, Call, Operation, Setup
from tests.api.test_generated_access import _send, _template
from tests.support.tenants import Tenant

WRITES = [pytest.param(op, id=op.key) for op in OPERATIONS if op.method != "GET"]
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Event types whose changes must say what the entity is or became.
_WITH_CHANGES = (".created", ".updated", ".renamed", ".stage_changed", ".note_added")


def _operation_schema(schema: dict[str, Any], operation: Operation) -> dict[str, Any]:
    """The schema's operation (its path parameters may be named otherwise than the catalogue's)."""
    [item] = [
        item
        for path, item in schema["paths"].items()
        if _template(path) == _template(operation.path)
    ]
    return item[operation.method.lower()]


async def _newest(client: httpx.AsyncClient, tenant: Tenant) -> str | None:
    response = await client.get(f"{API}/events", params={"limit": 1}, headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    return response.json()["newer"]


async def _since(client: httpx.AsyncClient, tenant: Tenant, cursor: str | None) -> list[dict]:
    params: dict[str, Any] = {"limit": 200}
    if cursor:
        params["after"] = cursor
    response = await client.get(f"{API}/events", params=params, headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def _blocked_user(setup: Setup) -> Call:
    """An unblock that changes something: the user is blocked by five wrong passwords first."""
    user = await setup.user()
    for _ in range(5):
        await setup.client.post(
            f"{API}/sessions", json={"username": user["username"], "password": "wrong-password"}
        )
    return Call(f"{API}/users/{user['id']}/unblock", probe=f"{API}/users/{user['id']}")


# Writes whose catalogue request would change nothing (so, rightly, record nothing).
_PREPARE = {"POST /api/v1/users/{id}/unblock": _blocked_user}


async def test_every_write_documents_its_events(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    undocumented = [
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        if path.startswith("/api/")
        for method, operation in item.items()
        if method in {"post", "put", "patch", "delete"} and "x-events" not in operation
    ]
    assert undocumented == []
    listed = {
        name
        for tag in schema["tags"]
        if tag["name"] == "events"
        for name in re.findall(r"`([a-z_]+\.[a-z_]+)`", tag["description"])
    }
    documented = {
        event
        for item in schema["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for event in operation.get("x-events", [])
    }
    assert documented <= listed, "an operation names an event the catalogue does not"


@pytest.mark.parametrize("operation", WRITES)
async def test_a_write_records_its_documented_events(
    client: httpx.AsyncClient, tenant: Tenant, operation: Operation
) -> None:
    schema = (await client.get("/openapi.json")).json()
    documented = _operation_schema(schema, operation)["x-events"]
    assert documented, f"{operation.key} documents no event"
    setup = Setup(client, tenant)
    call = await _PREPARE.get(operation.key, operation.prepare)(setup)
    cursor = await _newest(client, tenant)
    response = await _send(client, operation.method, call.path, call.json, tenant.admin.headers)
    assert response.status_code == operation.success, response.text

    recorded = await _since(client, tenant, cursor)
    types = [event["type"] for event in recorded]
    assert set(types) <= set(documented), (types, documented)
    [main] = [event for event in recorded if event["type"] == documented[0]]
    named = set(_UUID.findall(call.path)) | {str(tenant.admin.id)}
    if response.content and isinstance(body := response.json(), dict) and "id" in body:
        named.add(body["id"])
    assert main["entity"]["id"] in named, (main["entity"], call.path)
    assert main["actor"]["id"] == str(tenant.admin.id)
    if main["type"].endswith(_WITH_CHANGES):
        assert main["changes"], main
