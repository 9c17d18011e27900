"""Make the schema tell the truth where Litestar's generator does not.

- Strict bodies: a Struct with `forbid_unknown_fields=True` refuses unknown fields, so its schema
  (and the schema of every strict Struct nested in it, at any depth) says
  `additionalProperties: false`.
- Public operations: a handler declared with `security=[]` needs no token; Litestar drops the
  empty list, so the operation would inherit the document's security. It is put back.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import Operation


def _http_handlers(app: Litestar) -> list[tuple[str, HTTPRouteHandler]]:
    found: list[tuple[str, HTTPRouteHandler]] = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if isinstance(handler, HTTPRouteHandler) and handler.include_in_schema:
                found.append((route.path_format, handler))
    return found


def _strict_struct_names(app: Litestar) -> set[str]:
    names: set[str] = set()
    for _, handler in _http_handlers(app):
        data = handler.parsed_fn_signature.parameters.get("data")
        if data is not None:
            _collect(data.annotation, names)
    return names


def _collect(annotation: Any, names: set[str]) -> None:
    for struct in _structs_in(annotation):
        if struct.__struct_config__.forbid_unknown_fields and struct.__name__ not in names:
            names.add(struct.__name__)
            # Resolved types: under `from __future__ import annotations` the raw
            # `__annotations__` are strings, which hide the nested Structs.
            for field in msgspec.structs.fields(struct):
                _collect(field.type, names)


def _structs_in(annotation: Any) -> list[type[msgspec.Struct]]:
    found: list[type[msgspec.Struct]] = []
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, msgspec.Struct):
            found.append(current)
        stack.extend(getattr(current, "__args__", ()) or ())
        origin = getattr(current, "__origin__", None)
        if origin is not None and origin is not current:
            stack.append(origin)
    return found


def _forbid_unknown_fields(app: Litestar) -> None:
    schema = app.openapi_schema
    if schema.components is None or not schema.components.schemas:
        return
    strict = _strict_struct_names(app)
    for name, component in schema.components.schemas.items():
        # Litestar qualifies a component's name with its module when two Structs share a name.
        if name in strict or name.rsplit("_", 1)[-1] in strict:
            component.additional_properties = False


def _operation(app: Litestar, path: str, method: str) -> Operation | None:
    paths = app.openapi_schema.paths or {}
    item = paths.get(path)
    return None if item is None else getattr(item, method.lower(), None)


def _mark_public_operations(app: Litestar) -> None:
    for path, handler in _http_handlers(app):
        if handler.security is None or len(handler.security) > 0:
            continue
        for method in handler.http_methods:
            operation = _operation(app, path, method)
            if operation is not None:
                operation.security = []


def fix_openapi_schema(app: Litestar) -> None:
    """Run once at startup, after the routes are registered."""
    _forbid_unknown_fields(app)
    _mark_public_operations(app)
