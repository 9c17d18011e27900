"""Every field of every request body refuses a value of the wrong JSON type with 400 naming the
field: nothing is coerced (`"100"` is not a salary, `1` is not true, `"true"` is not a flag).

Generated from the app's own routes and body types, so a body added later is covered without
anyone listing it here; fields of list items (contacts, skills, work places) included."""

from __future__ import annotations

import json
import re
from typing import Any
from uuid import uuid4

import msgspec
import pytest

from entrypoints.http.app import create_app
from entrypoints.http.strict_json import body_type
from tests.api.conftest import api_settings
from tests.support.http import assert_error

# Values of every JSON type, the ones a lenient decoder turns into something else first.
WRONG_VALUES: tuple[Any, ...] = ("100", "true", "2026-01-01", 100, 1.5, True, [], {})
_PATH_PARAMETER = re.compile(r"\{[^}]+\}")


def _bare(info: Any, kind: type) -> Any:
    """`info` without its constraints, or the member of its union, that is of `kind`."""
    while isinstance(info, msgspec.inspect.Metadata):
        info = info.type
    if isinstance(info, msgspec.inspect.UnionType):
        return next((t for t in map(lambda m: _bare(m, kind), info.types) if t is not None), None)
    return info if isinstance(info, kind) else None


def _item_struct(annotation: Any) -> type[msgspec.Struct] | None:
    """The Struct that a list field's items are, if they are one (or a union of some)."""
    listed = _bare(msgspec.inspect.type_info(annotation), msgspec.inspect.ListType)
    item = listed and _bare(listed.item_type, msgspec.inspect.StructType)
    return item.cls if item else None


def _refused_at(body_cls: type, body: Any, where: str) -> bool:
    """Whether strict decoding refuses `body` because of the value at `where`."""
    try:
        msgspec.json.decode(json.dumps(body).encode(), type=body_cls, strict=True)
    except msgspec.ValidationError as error:
        return str(error).endswith(f"at `$.{where}`")
    return False


def _probes() -> list[Any]:
    app = create_app(api_settings("postgresql://nobody@127.0.0.1:1/none"))
    probes = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            body_cls = body_type(handler)
            if body_cls is None:
                continue
            (method,) = handler.http_methods
            path = _PATH_PARAMETER.sub(lambda _: str(uuid4()), route.path)
            for field in msgspec.structs.fields(body_cls):
                cases = [(field.encode_name, lambda v, n=field.encode_name: {n: v})]
                if (item := _item_struct(field.type)) is not None:
                    for sub in msgspec.structs.fields(item):
                        cases.append(
                            (
                                f"{field.encode_name}[0].{sub.encode_name}",
                                lambda v, n=field.encode_name, s=sub.encode_name: {n: [{s: v}]},
                            )
                        )
                for where, build in cases:
                    for value in WRONG_VALUES:
                        if _refused_at(body_cls, build(value), where):
                            probes.append(
                                pytest.param(
                                    method,
                                    path,
                                    build(value),
                                    where,
                                    id=f"{method} {route.path} {where}={value!r}",
                                )
                            )
    return probes


PROBES = _probes()


def test_every_body_field_is_probed():
    """The generator found bodies: a refactor that hid them would make the test below vacuous."""
    probed = {probe.id.rsplit("=", 1)[0] for probe in PROBES}
    assert len(probed) > 100
    assert "POST /api/v1/candidates min_salary" in probed
    assert "PATCH /api/v1/vacancies/{id:uuid} salary_from" in probed
    assert "POST /api/v1/candidates contacts[0].value" in probed


@pytest.mark.parametrize(("method", "path", "body", "field"), PROBES)
async def test_a_wrong_json_type_is_refused_with_the_field_named(
    client, tenant, method, path, body, field
):
    response = await client.request(method, path, json=body, headers=tenant.admin.headers)
    assert_error(response, 400, "invalid_request", field=field)
