"""Make the schema tell the truth where Litestar's generator does not.

- Strict bodies: a Struct with `forbid_unknown_fields=True` refuses unknown fields, so its schema
  (and the schema of every strict Struct nested in it, at any depth) says
  `additionalProperties: false`.
- Public operations: a handler declared with `security=[]` needs no token; Litestar drops the
  empty list, so the operation would inherit the document's security. It is put back.
- Zero bounds: Litestar skips a falsy constraint, so `QueryParameter(ge=0)` lost its
  `minimum: 0` and the schema allowed negative numbers the handler refuses. They are put back.
- Empty answers: a 204 (or 304) has no body, but `Response[None]` is documented as JSON `null`;
  the content is removed.
- Unions a generator can type: see `openapi_unions.py`.
- Links: where a request needs ids that only other resources' bodies hold (a vacancy names a
  position and a department), the response holding them links to it, so clients (and
  schemathesis' stateful tests) can follow the relationship.
- Idempotency keys: the `Idempotency-Key` header of every write of a signed-in caller, read by
  a middleware rather than a handler parameter, is documented with its errors
  (`openapi_idempotency.py`).
- Events: the event types each write may record, as `x-events` and in its description, and
  the event catalogue (`openapi_events.py`).
- Unused components: a handler that documents another shape than the type it returns (the
  candidate list returns its cards pre-encoded and documents the page) leaves the returned
  type's schema behind, referenced by nothing. It is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import Link, Operation, Schema

from entrypoints.http.handler_parameters import parameters_of
from entrypoints.http.openapi_events import document_events
from entrypoints.http.openapi_idempotency import document_idempotency_keys
from entrypoints.http.openapi_unions import (
    collapse_single_member_unions,
    name_exactly_one_of_unions,
)


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


def _body_structs(app: Litestar) -> dict[str, type[msgspec.Struct]]:
    """Every Struct a request body is made of, at any depth, by name."""
    found: dict[str, type[msgspec.Struct]] = {}
    stack = [
        data.annotation
        for _, handler in _http_handlers(app)
        if (data := handler.parsed_fn_signature.parameters.get("data")) is not None
    ]
    while stack:
        for struct in _structs_in(stack.pop()):
            if struct.__name__ not in found:
                found[struct.__name__] = struct
                stack.extend(field.type for field in msgspec.structs.fields(struct))
    return found


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


# Numeric bounds of a parameter's KwargDefinition and the schema attribute each one becomes.
_BOUNDS = {
    "ge": "minimum",
    "gt": "exclusive_minimum",
    "le": "maximum",
    "lt": "exclusive_maximum",
    "min_length": "min_length",
    "max_length": "max_length",
    "min_items": "min_items",
    "max_items": "max_items",
}


def _restore_zero_bounds(app: Litestar) -> None:
    for path, handler in _http_handlers(app):
        bounded: dict[str, dict[str, int]] = {}
        for name, field in parameters_of(handler):
            kwarg = field.kwarg_definition
            zeros = {
                attribute: 0
                for bound, attribute in _BOUNDS.items()
                if (value := getattr(kwarg, bound, None)) is not None
                and not isinstance(value, bool)
                and value == 0
            }
            if zeros:
                aliases = (getattr(kwarg, key, None) for key in ("name", "query", "header"))
                bounded[next((a for a in aliases if a), name)] = zeros
        if not bounded:
            continue
        for method in handler.http_methods:
            operation = _operation(app, path, method)
            for parameter in (operation.parameters or []) if operation is not None else []:
                zeros = bounded.get(parameter.name)
                if zeros is None or not isinstance(parameter.schema, Schema):
                    continue
                for attribute, value in zeros.items():
                    if getattr(parameter.schema, attribute) is None:
                        setattr(parameter.schema, attribute, value)


def _empty_answers_have_no_content(app: Litestar) -> None:
    for item in (app.openapi_schema.paths or {}).values():
        for method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
            operation = getattr(item, method, None)
            for status, response in ((operation and operation.responses) or {}).items():
                if status in ("204", "304") and hasattr(response, "content"):
                    response.content = None


# (source path, method, status) -> link name, target path, method, body expressions, description;
# paths under the main API's prefix
_LINKS = (
    (
        ("/vacancies/{id}", "GET", "200"),
        "OpenVacancyLikeThis",
        ("/vacancies", "POST"),
        {
            "position_id": "$response.body#/position/id",
            "department_id": "$response.body#/department/id",
        },
        "Open another vacancy for the same position in the same department.",
    ),
    (
        ("/interviews/{id}", "GET", "200"),
        "StartInterviewOfThePair",
        ("/interviews", "POST"),
        {
            "candidate_id": "$response.body#/candidate/id",
            "vacancy_id": "$response.body#/vacancy/id",
        },
        "Start an interview of the same candidate for the same vacancy (409 while this one is "
        "active).",
    ),
)


def _add_links(app: Litestar, api_prefix: str) -> None:
    for (path, method, status), name, (target_path, target_method), body, description in _LINKS:
        source = _operation(app, api_prefix + path, method)
        target = _operation(app, api_prefix + target_path, target_method)
        response = (source.responses or {}).get(status) if source is not None else None
        if response is None or target is None or not hasattr(response, "links"):
            continue
        response.links = {
            **(response.links or {}),
            name: Link(
                operation_id=target.operation_id, request_body=body, description=description
            ),
        }


def _drop_unreferenced_components(app: Litestar) -> None:
    schema = app.openapi_schema
    if schema.components is None or not schema.components.schemas:
        return
    components = schema.components.schemas
    while True:
        document = msgspec.json.encode(schema.to_schema()).decode()
        unused = [n for n in components if f'"#/components/schemas/{n}"' not in document]
        if not unused:
            return
        for name in unused:
            del components[name]


def openapi_schema_fixes(api_prefix: str) -> Callable[[Litestar], None]:
    """What runs once at startup, after the routes are registered, for the main API served
    under `api_prefix`."""

    def fix(app: Litestar) -> None:
        _fix_openapi_schema(app, api_prefix)

    return fix


def _fix_openapi_schema(app: Litestar, api_prefix: str) -> None:
    _forbid_unknown_fields(app)
    _mark_public_operations(app)
    _restore_zero_bounds(app)
    _empty_answers_have_no_content(app)
    name_exactly_one_of_unions(app, _body_structs(app))
    collapse_single_member_unions(app)
    _add_links(app, api_prefix)
    document_idempotency_keys(app, _http_handlers(app))
    document_events(app)
    _drop_unreferenced_components(app)
