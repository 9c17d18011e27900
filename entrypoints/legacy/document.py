"""The original system's OpenAPI document, which the legacy entrypoint implements: served as its
schema (with what Gefest adds to the old contract, see `as_served`), and read for the statuses
each operation may answer."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

DOCUMENT = Path(__file__).resolve().with_name("original-api.openapi.json")
OLD_API = "/api/v1"


@cache
def original_document() -> dict[str, Any]:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


# Required by the old schema, yet the old system's own create made them optional: a candidate
# without a position or grade was answered with null there too.
NULL_THOUGH_REQUIRED = {
    "src__service__pd_models__candidate__Read": ("position", "grade"),
    "src__candidates__schemas__GetOne__Response__Body": ("position", "grade"),
}
# Operations the old system let every signed-in user call, where Gefest's role matrix can refuse.
_OPEN_TO_EVERYONE = re.compile(r"^/api/v1/(sessions|refs/|users/current$)")
_ACCESS_DENIED = {"description": "The caller's role may not do this (Gefest's role matrix)"}


def nullable(schema: Any) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def with_nullable_optionals(schema: Any) -> Any:
    """The contract's nullability rule: a property the old schema does not list as required
    may be null, as the old system returned it; a required one may not."""
    if isinstance(schema, dict):
        schema = {key: with_nullable_optionals(value) for key, value in schema.items()}
        required = set(schema.get("required", []))
        for name, prop in list(schema.get("properties", {}).items()):
            if name not in required:
                schema["properties"][name] = nullable(prop)
        return schema
    if isinstance(schema, list):
        return [with_nullable_optionals(item) for item in schema]
    return schema


def as_served(document: dict[str, Any]) -> dict[str, Any]:
    """The old document as the legacy contract keeps it: the same paths, parameters and shapes,
    with the nullability rule written out and a 403 wherever Gefest's role matrix may refuse
    (the old system checked no roles)."""
    served = copy.deepcopy(document)
    components = served["components"]
    components["schemas"] = with_nullable_optionals(components["schemas"])
    for name, properties in NULL_THOUGH_REQUIRED.items():
        schema = components["schemas"][name]
        for prop in properties:
            schema["properties"][prop] = nullable(schema["properties"][prop])
    for path, item in served["paths"].items():
        for operation in item.values():
            responses = operation["responses"]
            for response in responses.values():
                media = response.get("content", {}).get("application/json", {})
                if "schema" in media:
                    media["schema"] = with_nullable_optionals(media["schema"])
            if not _OPEN_TO_EVERYONE.match(path):
                responses.setdefault("403", _ACCESS_DENIED)
    return served


@cache
def served_document() -> dict[str, Any]:
    return as_served(original_document())


def _shape(template: str) -> str:
    """A path template with its parameters unnamed: `/users/{id}` and `/users/{user_id:str}`
    are one route."""
    return re.sub(r"\{[^}]*\}", "{}", template)


@cache
def _statuses() -> dict[tuple[str, str], frozenset[int]]:
    return {
        (method.upper(), _shape(path)): frozenset(int(code) for code in operation["responses"])
        for path, item in original_document()["paths"].items()
        for method, operation in item.items()
    }


def documented_statuses(method: str, route_template: str) -> frozenset[int]:
    """The statuses the old document lists for the operation served at `route_template` (the
    app's template, legacy prefix included); empty for a route it does not describe."""
    start = route_template.rfind(OLD_API)
    if start < 0:
        return frozenset()
    old_path = _shape(route_template[start:].rstrip("/") or OLD_API)
    return _statuses().get((method.upper(), old_path), frozenset())
