"""The original system's OpenAPI document (a copy kept with the tests: the project stands alone)
as the oracle of the legacy entrypoint: each answer is validated against the schema the old
document gives its operation and status.

The nullability rule of the contract (a property the old schema does not list as required may
be null, as the old system returned it; a required one may not) is applied to this copy by the
entrypoint's own `as_served`, which the test of the served schema pins."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from entrypoints.legacy.document import as_served

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


@cache
def _served() -> dict[str, Any]:
    return as_served(DOCUMENT)


@cache
def _validator(method: str, path: str, status: str) -> Any:
    responses = _served()["paths"][path][method.lower()]["responses"]
    assert status in responses, f"{method} {path} never answered {status} in the old system"
    content = responses[status].get("content", {}).get("application/json", {})
    root = {**content.get("schema", {}), "components": _served()["components"]}
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
