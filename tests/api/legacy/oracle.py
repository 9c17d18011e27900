"""The original system's OpenAPI document (a copy kept with the tests: the project stands alone)
as the oracle of the legacy entrypoint: each answer is validated against the schema the old
document gives its operation and status.

The nullability rule of the contract: a property the old schema does not list as required may
be null (the old system returned it so); a required one may not."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

DOCUMENT = json.loads(
    (Path(__file__).resolve().with_name("original-api.openapi.json")).read_text(encoding="utf-8")
)
OLD_API = "/api/v1"


def operations() -> list[tuple[str, str]]:
    """(METHOD, path template) of every operation of the old document."""
    return [
        (method.upper(), path)
        for path, item in DOCUMENT["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _nullable_optionals(schema: Any) -> Any:
    if isinstance(schema, dict):
        schema = {key: _nullable_optionals(value) for key, value in schema.items()}
        required = set(schema.get("required", []))
        for name, prop in list(schema.get("properties", {}).items()):
            if name not in required:
                schema["properties"][name] = {"anyOf": [prop, {"type": "null"}]}
        return schema
    if isinstance(schema, list):
        return [_nullable_optionals(item) for item in schema]
    return schema


# Required by the old schema, yet the old system's own create made them optional: a candidate
# without a position or grade was answered with null there too (docs/legacy.md).
NULL_THOUGH_REQUIRED = {
    "src__service__pd_models__candidate__Read": ("position", "grade"),
    "src__candidates__schemas__GetOne__Response__Body": ("position", "grade"),
}


def _components() -> dict[str, Any]:
    components = _nullable_optionals(copy.deepcopy(DOCUMENT["components"]))
    for name, properties in NULL_THOUGH_REQUIRED.items():
        schema = components["schemas"][name]
        for prop in properties:
            schema["properties"][prop] = {"anyOf": [schema["properties"][prop], {"type": "null"}]}
    return components


@cache
def _validator(method: str, path: str, status: str) -> Any:
    responses = DOCUMENT["paths"][path][method.lower()]["responses"]
    assert status in responses, f"{method} {path} never answered {status} in the old system"
    content = responses[status].get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    root = {
        **_nullable_optionals(schema),
        "components": _components(),
    }
    return jsonschema_rs.validator_for(root)


def template_of(method: str, concrete: str) -> str:
    """The old document's path template for a concrete old path (`/api/v1/grades/<uuid>`)."""
    for candidate_method, template in operations():
        pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
        if candidate_method == method and re.match(pattern, concrete):
            return template
    raise AssertionError(f"{method} {concrete} is no operation of the old document")


def assert_old_shape(method: str, old_path: str, status: int, body: Any) -> None:
    template = template_of(method, old_path)
    errors = [
        f"{error.instance_path}: {error.message}"
        for error in _validator(method, template, str(status)).iter_errors(body)
    ]
    assert not errors, (method, old_path, status, errors[:5])
