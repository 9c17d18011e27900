"""Unions in the schema that client generators can type.

- One of two fields: a body Struct with `exactly_one_of = ("id", "name")` (a ClassVar) takes
  exactly one of those fields with a value. Its component becomes a `oneOf` of named branches,
  one per field (`SkillById`, `SkillByName`): the field required and not null, the other ones
  absent or null, as the decoder treats them. Anonymous branches would leave a generated client
  with an untyped item.
- Optional fields: a patch field that may be omitted but not null is documented by Litestar as a
  `oneOf` with a single member; it is the member itself, and says so.
"""

from __future__ import annotations

import dataclasses

import msgspec
from litestar import Litestar
from litestar.openapi.spec import OpenAPIType, Reference, Schema


def name_exactly_one_of_unions(app: Litestar, structs: dict[str, type[msgspec.Struct]]) -> None:
    components = app.openapi_schema.components
    if components is None or not components.schemas:
        return
    for name, component in list(components.schemas.items()):
        struct = structs.get(name) or structs.get(name.rsplit("_", 1)[-1])
        fields: tuple[str, ...] = getattr(struct, "exactly_one_of", ())
        if not fields or not isinstance(component, Schema) or not component.properties:
            continue
        base = name.removesuffix("Item")
        branches: list[Reference | Schema] = []
        for field in fields:
            branch_name = f"{base}By{field.capitalize()}"
            components.schemas[branch_name] = _branch(component, field, fields, branch_name)
            branches.append(Reference(ref=f"#/components/schemas/{branch_name}"))
        components.schemas[name] = Schema(
            one_of=branches, title=component.title, description=component.description
        )


def _branch(component: Schema, given: str, fields: tuple[str, ...], title: str) -> Schema:
    properties = dict(component.properties or {})
    for field in fields:
        properties[field] = (
            _without_null(properties[field]) if field == given else Schema(type=OpenAPIType.NULL)
        )
    return Schema(
        type=OpenAPIType.OBJECT,
        properties=properties,
        required=[given],
        additional_properties=component.additional_properties,
        title=title,
    )


def _without_null(schema: Schema | Reference) -> Schema | Reference:
    if not isinstance(schema, Schema) or not schema.one_of:
        return schema
    members = [m for m in schema.one_of if not (isinstance(m, Schema) and m.type == "null")]
    if len(members) != 1:
        return dataclasses.replace(schema, one_of=members)
    return _with_wrapper_keywords(members[0], schema)


def _with_wrapper_keywords(member: Schema | Reference, wrapper: Schema) -> Schema | Reference:
    # What the wrapper says beside its `oneOf` (bounds, a description) stays with the member.
    kept = {
        f.name: value
        for f in dataclasses.fields(wrapper)
        if f.name != "one_of" and (value := getattr(wrapper, f.name)) is not None
    }
    if not kept:
        return member
    if isinstance(member, Reference):
        return Schema(all_of=[member], **kept)
    return dataclasses.replace(member, **kept)


def collapse_single_member_unions(app: Litestar) -> None:
    components = app.openapi_schema.components
    if components is None or not components.schemas:
        return
    for component in components.schemas.values():
        if isinstance(component, Schema) and component.properties:
            component.properties = {
                name: _collapsed(prop) for name, prop in component.properties.items()
            }


def _collapsed(schema: Schema | Reference) -> Schema | Reference:
    if isinstance(schema, Schema) and schema.one_of and len(schema.one_of) == 1:
        return _with_wrapper_keywords(schema.one_of[0], schema)
    return schema
