"""The original system's OpenAPI document, which the legacy entrypoint implements: served as its
schema, and read for the statuses each operation may answer."""

from __future__ import annotations

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
