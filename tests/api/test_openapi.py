"""The published schema tells the truth: strict bodies at every depth, declared errors, examples
the controllers give, public operations marked public, and an app that builds without
deprecation warnings."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.params import BodyKwarg

from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.support.lifespan import stop_app

METHODS = ("get", "post", "put", "patch", "delete")
PUBLIC = {
    ("POST", "/api/v1/sessions"),
    ("PATCH", "/api/v1/sessions"),
    ("DELETE", "/api/v1/sessions"),
    ("GET", "/health"),
    ("GET", "/ready"),
}

# camelCase, a verb first: `getCandidate`, `moveInterviewStage`.
OPERATION_ID = re.compile(r"[a-z]+(?:[A-Z][a-z]+)+|[a-z]{3,}")

Operations = dict[tuple[str, str], dict[str, Any]]


@pytest.fixture
async def schema(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200, response.text
    return response.json()


def operations_of(schema: dict[str, Any]) -> Operations:
    return {
        (method.upper(), path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def component(schema: dict[str, Any], reference: str) -> dict[str, Any]:
    return schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def object_schemas(
    schema: dict[str, Any], node: dict[str, Any], where: str, seen: set[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object schema reachable from `node`, with a path to it for the failure message."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        seen.add(name)
        node, where = component(schema, node["$ref"]), name
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in node.get(key, []):
            yield from object_schemas(schema, branch, where, seen)
    if node.get("type") == "object" or "properties" in node:
        yield where, node
        for name, prop in node.get("properties", {}).items():
            yield from object_schemas(schema, prop, f"{where}.{name}", seen)
    if isinstance(node.get("items"), dict):
        yield from object_schemas(schema, node["items"], f"{where}[]", seen)


def json_body(operation: dict[str, Any]) -> dict[str, Any] | None:
    body = operation.get("requestBody")
    return None if body is None else body["content"]["application/json"]


def header_names(operation: dict[str, Any]) -> set[str]:
    return {p["name"].lower() for p in operation.get("parameters", []) if p["in"] == "header"}


def handlers(app: Litestar) -> Iterator[tuple[str, HTTPRouteHandler]]:
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if isinstance(handler, HTTPRouteHandler) and handler.include_in_schema:
                yield route.path_format, handler


async def test_both_addresses_serve_the_same_schema(client, schema):
    assert (await client.get("/docs/openapi.json")).json() == schema


async def test_every_request_body_refuses_unknown_fields_at_every_depth(schema):
    checked: set[str] = set()
    open_objects = []
    for (method, path), operation in operations_of(schema).items():
        content = json_body(operation)
        if content is None:
            continue
        for where, node in object_schemas(schema, content["schema"], "body", set()):
            checked.add(where)
            if node.get("additionalProperties") is not False:
                open_objects.append((method, path, where))
    assert open_objects == []
    # Nested structs are among the checked ones, not only the top-level bodies.
    assert {"ContactItem", "WorkPlaceItem", "LanguageItem", "SkillById", "NoteItem"} <= checked


async def test_every_operation_has_a_short_unique_operation_id(schema):
    """Generated clients name their functions after it; a rename breaks every client."""
    operations = operations_of(schema)
    ids = [operation.get("operationId") for operation in operations.values()]
    badly_named = [i for i in ids if not (isinstance(i, str) and OPERATION_ID.fullmatch(i))]
    assert badly_named == []
    assert len(set(ids)) == len(ids)
    assert {
        operations[("GET", "/api/v1/candidates/{candidate_id}")]["operationId"],
        operations[("GET", "/api/v1/candidates")]["operationId"],
        operations[("POST", "/api/v1/interviews/{id}/stage-results")]["operationId"],
        operations[("PATCH", "/api/v1/departments/{unit_id}")]["operationId"],
    } == {"getCandidate", "listCandidates", "moveInterviewStage", "renameDepartment"}


async def test_no_property_is_a_union_of_one_member(schema):
    """An optional, non-null patch field is its type, not a `oneOf` a generator leaves untyped."""
    unions_of_one = [
        (name, field)
        for name, component in schema["components"]["schemas"].items()
        for field, prop in component.get("properties", {}).items()
        if len(prop.get("oneOf", [None, None])) == 1
    ]
    assert unions_of_one == []


async def test_public_operations_say_so_and_the_rest_inherit_the_token_requirement(schema):
    assert schema["security"] == [{"cookie": []}, {"bearer": []}]
    for key, operation in operations_of(schema).items():
        if key in PUBLIC:
            assert operation.get("security") == [], key
        else:
            assert "security" not in operation, key


async def test_every_operation_declares_its_errors(schema):
    missing = []
    for (method, path), operation in operations_of(schema).items():
        declared = set(operation["responses"])
        expected = set()
        if operation.get("security") != []:
            expected |= {"400", "401", "403"}
        if "{" in path:
            expected.add("404")
        if "if-match" in header_names(operation):
            expected.add("412")
        for status in sorted(expected - declared):
            missing.append((method, path, status))
        for status in expected & declared:
            body = operation["responses"][status]["content"]["application/json"]
            assert component(schema, body["schema"]["$ref"])["required"] == [
                "error",
                "error_description",
            ], (method, path, status)
    assert missing == []


async def test_writes_to_versioned_resources_honour_if_match(schema):
    operations = operations_of(schema)
    versioned = set()
    for (method, path), operation in operations.items():
        ok = operation["responses"].get("200", {}).get("content", {}).get("application/json")
        if method != "GET" or not ok or "$ref" not in ok["schema"]:
            continue
        if "version" in component(schema, ok["schema"]["$ref"]).get("properties", {}):
            versioned.add(path)
    assert {"/api/v1/users/{user_id}", "/api/v1/vacancies/{id}"} <= versioned
    unconditional = [
        (method, path)
        for (method, path), operation in operations.items()
        if method in ("PATCH", "DELETE")
        and path in versioned
        and "if-match" not in header_names(operation)
    ]
    assert unconditional == []
    for path in versioned:
        for method in ("PATCH", "DELETE"):
            if (method, path) in operations:
                assert "412" in operations[(method, path)]["responses"], (method, path)


async def test_post_bodies_show_the_examples_their_controllers_give(app, schema):
    operations = operations_of(schema)
    with_examples = []
    for path, handler in handlers(app):
        data = handler.parsed_fn_signature.parameters.get("data")
        if "POST" not in handler.http_methods or data is None:
            continue
        kwarg = data.kwarg_definition
        given = kwarg.examples if isinstance(kwarg, BodyKwarg) else None
        if not given:
            continue
        with_examples.append(path)
        content = json_body(operations[("POST", path)])
        assert content is not None, path
        shown = content.get("examples") or content["schema"].get("examples")
        assert shown, path
        assert len(shown) == len(given), path
    assert {"/api/v1/sessions", "/api/v1/candidates", "/api/v1/vacancies"} <= set(with_examples)


async def test_the_app_builds_without_deprecation_warnings(settings: Settings):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = create_app(settings)
        app.openapi_schema  # noqa: B018 - the schema is built on first access
    try:
        deprecations = [
            f"{w.filename}:{w.lineno}: {w.message}"
            for w in caught
            if issubclass(w.category, DeprecationWarning)
        ]
        assert deprecations == []
    finally:
        await stop_app(app)


async def test_a_card_without_a_position_is_what_the_schema_says_it_may_be(client, tenant, schema):
    """The position is optional on create and patch, so the card's `position` may be null: the
    schema says both, and a card created without one answers exactly that."""
    components = schema["components"]["schemas"]
    assert "position_id" not in components["CandidateBody"]["required"]
    nullable = components["CandidateCard"]["properties"]["position"]["oneOf"]
    assert {"type": "null"} in nullable
    response = await client.post(
        "/api/v1/candidates",
        json={"first_name": "Анна", "last_name": "Иванова"},
        headers=tenant.admin.headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["position"] is None
    card = await client.get(response.headers["location"], headers=tenant.admin.headers)
    assert card.json()["position"] is None
