"""SQL metacharacters and NUL bytes in every query parameter of every list, enumerated from
/openapi.json: never a 500; a NUL byte is `invalid_request`; in a free-text filter the
metacharacters are plain text (200, and only the caller's own rows); in a typed parameter
(uuid, date, integer, enum, sort) they are `invalid_request`."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.api.catalog import OPERATIONS, Operation, Setup
from tests.support.http import assert_error
from tests.support.tenants import Tenant

NUL_REFUSED = r"^[^\x00]*$"
METACHARACTERS = [
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "x\\",
    '"; DROP TABLE users; --',
    "ё%_",
    "') OR ('a'='a",
    "*",
    "x" * 10_240,
]
NUL = "a\x00b"
# Would match every row if taken as a LIKE wildcard or as SQL; the rows the catalog's Setup
# makes contain none of these characters, so as plain text they match nothing.
MATCH_NOTHING = {"%", "_", "' OR 1=1 --", "ё%_", "') OR ('a'='a"}

LIST_OPERATIONS = [
    op
    for op in OPERATIONS
    if op.method == "GET" and (op.is_list or op.path.endswith(("/stage-results", "/deliveries")))
]
LISTS = [pytest.param(op, id=op.key) for op in LIST_OPERATIONS]
# Event pages: every filter is typed (an event type of the catalogue, an id, an instant).
EVENT_READS = [op for op in OPERATIONS if op.path.endswith(("/history", "/events"))]


def _template(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def _variants(schema: dict[str, Any], components: dict[str, Any]) -> list[dict[str, Any]]:
    if "$ref" in schema:
        return _variants(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "oneOf" in schema or "anyOf" in schema:
        found = []
        for option in schema.get("oneOf", schema.get("anyOf")):
            found += _variants(option, components)
        return [variant for variant in found if variant.get("type") != "null"]
    return [schema]


def is_free_text(schema: dict[str, Any], components: dict[str, Any]) -> bool:
    """A string anyone may type (no format, enum or grammar other than 'no NUL bytes')."""
    variants = _variants(schema, components)
    return (
        len(variants) == 1
        and variants[0].get("type") == "string"
        and not {"format", "enum"} & set(variants[0])
        and schema.get("pattern", variants[0].get("pattern")) in (None, NUL_REFUSED)
    )


_SCHEMA: dict[str, Any] = {}  # the app's /openapi.json, read once


async def query_parameters(client: httpx.AsyncClient, operation: Operation) -> list[dict]:
    if not _SCHEMA:
        _SCHEMA.update((await client.get("/openapi.json")).json())
    schema = _SCHEMA
    templates = {_template(path): item for path, item in schema["paths"].items()}
    described = templates[_template(operation.path)]["get"]
    parameters = [dict(p) for p in described.get("parameters", []) if p["in"] == "query"]
    for parameter in parameters:
        parameter["free_text"] = is_free_text(parameter["schema"], schema["components"]["schemas"])
    return parameters


def ids(response: httpx.Response) -> set[str]:
    assert response.status_code == 200, (response.url, response.status_code, response.text)
    body = response.json()
    assert set(body) == {"items", "count"}, body
    assert body["count"] >= len(body["items"])
    return {item["id"] for item in body["items"]}


async def test_the_lists_have_the_free_text_filters_the_contract_names(
    client: httpx.AsyncClient,
) -> None:
    reads = [op for op in OPERATIONS if op.method == "GET"]
    with_parameters = {op.key for op in reads if await query_parameters(client, op)}
    assert with_parameters == {op.key for op in [*LIST_OPERATIONS, *EVENT_READS]}
    texts = {}
    for operation in LIST_OPERATIONS:
        parameters = await query_parameters(client, operation)
        texts[operation.path] = {p["name"] for p in parameters if p["free_text"]}
    assert texts["/api/v1/candidates"] == {"q", "first_name", "last_name", "middle_name"}
    for path in ("users", "departments", "positions", "grades", "skills", "vacancies"):
        assert texts[f"/api/v1/{path}"] == {"q"}, (path, texts)


@pytest.mark.parametrize("operation", LISTS)
async def test_metacharacters_and_nul_bytes_are_harmless(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, operation: Operation
) -> None:
    own = await operation.prepare(Setup(client, tenant))
    foreign = await operation.prepare(Setup(client, other_tenant))
    headers = tenant.admin.headers
    own_ids = ids(await client.get(own.path, params={"limit": 200}, headers=headers))
    foreign_ids = ids(
        await client.get(foreign.path, params={"limit": 200}, headers=other_tenant.admin.headers)
    )
    assert foreign_ids and not own_ids & foreign_ids

    parameters = await query_parameters(client, operation)
    assert parameters, "a list without query parameters"
    for parameter in parameters:
        name = parameter["name"]
        refused = await client.get(own.path, params={name: NUL}, headers=headers)
        assert_error(refused, 400, "invalid_request", field=name)
        for value in METACHARACTERS:
            response = await client.get(own.path, params={name: value}, headers=headers)
            assert response.status_code < 500, (name, value, response.text)
            too_long = len(value) > parameter["schema"].get("maxLength", 10**6)
            if parameter["free_text"] and not too_long:
                found = ids(response)
                assert found <= own_ids, (name, value, found - own_ids)
                if value in MATCH_NOTHING:
                    assert response.json() == {"items": [], "count": 0}, (name, value)
            else:
                assert_error(response, 400, "invalid_request", field=name)


@pytest.mark.parametrize("operation", [pytest.param(op, id=op.key) for op in EVENT_READS])
async def test_metacharacters_in_event_filters_are_refused(
    client: httpx.AsyncClient, tenant: Tenant, operation: Operation
) -> None:
    call = await operation.prepare(Setup(client, tenant))
    parameters = await query_parameters(client, operation)
    assert {p["name"] for p in parameters} >= {"type", "actor_id", "from", "to", "before"}
    for parameter in parameters:
        for value in [NUL, *METACHARACTERS]:
            response = await client.get(
                call.path, params={parameter["name"]: value}, headers=tenant.admin.headers
            )
            assert_error(response, 400, "invalid_request", field=parameter["name"])


PATH_VALUES = ["' OR 1=1 --", "%25", "%00", "..%2F..%2Fetc", "ё", "0" * 300, "-1"]
WITH_PATH_IDS = [pytest.param(op, id=op.key) for op in OPERATIONS if "{" in op.path]


@pytest.mark.parametrize("operation", WITH_PATH_IDS)
async def test_metacharacters_in_path_ids_are_harmless(
    client: httpx.AsyncClient, tenant: Tenant, operation: Operation
) -> None:
    for value in PATH_VALUES:
        path = re.sub(r"\{[^}]*\}", value, operation.path)
        response = await client.request(
            operation.method,
            path,
            headers=tenant.admin.headers,
            **({"json": {}} if operation.method in ("POST", "PATCH") else {}),
        )
        assert response.status_code in (400, 404), (path, response.status_code, response.text)
        body = response.json()
        assert body["error"] in ("invalid_request", "not_found"), body
