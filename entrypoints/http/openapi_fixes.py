"""Make the schema tell the truth about strict bodies: unknown fields are refused."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler


def _strict_struct_names(app: Litestar) -> set[str]:
    names: set[str] = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler):
                continue
            data = handler.parsed_fn_signature.parameters.get("data")
            if data is not None:
                _collect(data.annotation, names)
    return names


def _collect(annotation: Any, names: set[str]) -> None:
    for struct in _structs_in(annotation):
        if struct.__struct_config__.forbid_unknown_fields and struct.__name__ not in names:
            names.add(struct.__name__)
            for field_type in getattr(struct, "__annotations__", {}).values():
                _collect(field_type, names)


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


def forbid_unknown_fields_in_schema(app: Litestar) -> None:
    schema = app.openapi_schema
    if schema.components is None or not schema.components.schemas:
        return
    strict = _strict_struct_names(app)
    for name, component in schema.components.schemas.items():
        if name in strict or name.rsplit("_", 1)[-1] in strict:
            component.additional_properties = False
