"""Wire bodies become use-case requests by field name (entrypoints/http/bodies.py)."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Annotated, get_args, get_origin

import msgspec
import pytest
from litestar.handlers import HTTPRouteHandler

from entrypoints.http.app import API_CONTROLLERS
from entrypoints.http.bodies import MAPPINGS, BodyMapping, each, enum_value, into


class Body(msgspec.Struct, kw_only=True):
    name: str
    tags: list[str] = msgspec.field(default_factory=list)
    note: str | msgspec.UnsetType = msgspec.UNSET


@dataclass(frozen=True, kw_only=True)
class Request:
    thing_id: int
    name: str
    tags: tuple[str, ...] = ()
    note: str | None = None


def test_names_that_agree_pass_through_and_extra_fields_join() -> None:
    mapping = BodyMapping(Body, Request, {"tags": each(str.upper)})
    assert mapping(Body(name="a", tags=["x", "y"]), thing_id=7) == Request(
        thing_id=7, name="a", tags=("X", "Y")
    )


def test_a_field_left_out_of_a_patch_keeps_the_requests_default() -> None:
    mapping = BodyMapping(Body, Request)
    assert mapping(Body(name="a"), thing_id=1).note is None
    assert mapping(Body(name="a", note="n"), thing_id=1).note == "n"


def test_a_body_field_without_a_place_in_the_request_is_refused_at_once() -> None:
    class Wider(Body, kw_only=True):
        forgotten: int = 0

    with pytest.raises(TypeError, match=r"Request has no field for Wider\.\['forgotten'\]"):
        BodyMapping(Wider, Request)


def test_converting_a_field_the_body_does_not_have_is_refused() -> None:
    with pytest.raises(TypeError, match="no field"):
        BodyMapping(Body, Request, {"missing": str})


def test_items_and_enums_change_form() -> None:
    class Item(msgspec.Struct):
        a: int
        b: str

    @dataclass
    class Draft:
        a: int
        b: str

    assert each(into(Draft))([Item(1, "x")]) == (Draft(1, "x"),)

    class Colour(str, __import__("enum").Enum):
        RED = "red"

    assert enum_value(Colour.RED) == "red"


def _body_types() -> set[type]:
    """The msgspec body of every API route (its `data` parameter)."""
    bodies: set[type] = set()
    for controller in API_CONTROLLERS:
        for handler in vars(controller).values():
            if not isinstance(handler, HTTPRouteHandler):
                continue
            fn = handler.fn
            hints = typing.get_type_hints(fn, include_extras=True)
            body = hints.get("data")
            while body is not None and get_origin(body) is Annotated:
                body = get_args(body)[0]
            if body is not None:
                bodies.add(body)
    return bodies


def test_every_body_of_the_api_reaches_its_use_case_through_a_mapping() -> None:
    bodies = _body_types()
    assert len(bodies) >= 10, bodies
    mapped = {mapping.body for mapping in MAPPINGS}
    assert bodies <= mapped, sorted(body.__name__ for body in bodies - mapped)
