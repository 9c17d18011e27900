"""Wire body → use-case request, by field name.

A body and its use-case request mostly agree field by field; only a few fields change form on
the way (a child list into domain drafts, a role enum into its code). `BodyMapping` states just
those, passes every other field through by name, and checks when the controller module is
imported that every body field has a place in the request: a field added to the body and
forgotten in the request stops the app from starting (and so every test), instead of being
dropped on the floor."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import msgspec

B = TypeVar("B", bound=msgspec.Struct)
R = TypeVar("R")

Convert = Callable[[Any], Any]


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of a msgspec Struct or a dataclass."""
    if issubclass(cls, msgspec.Struct):
        return cls.__struct_fields__
    if dataclasses.is_dataclass(cls):
        return tuple(field.name for field in dataclasses.fields(cls))
    raise TypeError(f"{cls.__name__} is neither a msgspec Struct nor a dataclass")


def sent_fields(body: msgspec.Struct) -> dict[str, Any]:
    """The body's fields that the client sent: `UNSET` (a PATCH field left out) is dropped."""
    return {
        name: value
        for name in body.__struct_fields__
        if (value := getattr(body, name)) is not msgspec.UNSET
    }


class BodyMapping(Generic[B, R]):
    """How one body becomes one use-case request. `convert` names the fields that change form;
    `extra` (at call time) adds what is not in the body: path ids, the `If-Match` version."""

    def __init__(
        self,
        body: type[B],
        request: type[R],
        convert: Mapping[str, Convert] | None = None,
    ) -> None:
        self.body = body
        self.request = request
        self.convert: Mapping[str, Convert] = dict(convert or {})
        body_fields, request_fields = set(field_names(body)), set(field_names(request))
        if lost := sorted(body_fields - request_fields):
            raise TypeError(f"{request.__name__} has no field for {body.__name__}.{lost}")
        if stray := sorted(set(self.convert) - body_fields):
            raise TypeError(f"{body.__name__} has no field {stray} to convert")

    def __call__(self, body: B, **extra: Any) -> R:
        fields = sent_fields(body)
        for name, convert in self.convert.items():
            if name in fields:
                fields[name] = convert(fields[name])
        return self.request(**fields, **extra)


def each(convert: Convert) -> Convert:
    """Convert every item of a list field (into a tuple: requests are immutable)."""
    return lambda items: tuple(convert(item) for item in items)


def into(cls: Callable[..., Any]) -> Convert:
    """A wire item into the application's type of the same field names (a child's draft)."""
    return lambda item: cls(**msgspec.structs.asdict(item))


def enum_value(member: Any) -> Any:
    """An enum on the wire, its value in the request (`Role.ADMIN` → `"admin"`)."""
    return member.value


MAPPINGS: list[BodyMapping[Any, Any]] = []


def body_mapping(
    body: type[B], request: type[R], convert: Mapping[str, Convert] | None = None
) -> BodyMapping[B, R]:
    """A `BodyMapping`, remembered in `MAPPINGS` so a test can list every one of them."""
    mapping = BodyMapping(body, request, convert)
    MAPPINGS.append(mapping)
    return mapping
