"""Request-level rules that hold for every route: JSON-only writes, whole numbers in integer query
parameters, and safe response headers."""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from functools import cache
from typing import Any, Union, get_args, get_origin

from litestar import Request
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import ClientException, HTTPException, ValidationException
from litestar.handlers import BaseRouteHandler
from litestar.params import ParameterKwarg
from litestar.types import Empty, Message

from entrypoints.http.docs import ASSETS_PATH
from entrypoints.http.handler_parameters import parameters_of
from entrypoints.http.strict_json import body_type, decode_strictly

_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class UnsupportedMediaType(HTTPException):
    status_code = 415


class GuardedRequest(Request[Any, Any, Any]):
    """A body is decoded strictly into its route's body type (entrypoints/http/strict_json.py).
    A JSON body nested deeper than the decoder's recursion limit is the client's fault (400),
    not an unexpected error (500)."""

    async def json(self) -> Any:
        try:
            into = body_type(self.route_handler)
            if into is None:
                return await super().json()
            if self._json is Empty:
                self._json = decode_strictly(await self.body(), into)
            return self._json
        except RecursionError as error:
            raise ClientException("the JSON body is nested too deeply") from error


async def require_json_body(request: Request[Any, Any, Any]) -> None:
    """A write with a body must say it is `application/json`, UTF-8 if it names a charset (the
    only encoding JSON has, RFC 8259). HTML forms cannot, so a cross-site form post is refused
    before it reaches a handler; a write without a body needs no content type. Other JSON
    media types (`application/merge-patch+json`, ...) are refused too: their semantics differ
    and the API does not implement them.
    (Async on purpose: Litestar runs a sync `before_request` hook in a thread pool, a thread
    hop on every request.)"""
    if request.method not in _WRITE_METHODS:
        return
    content_type = request.headers.get("content-type")
    if content_type is None:
        has_body = request.headers.get("content-length", "0") not in ("", "0") or (
            "transfer-encoding" in request.headers
        )
        if has_body:
            raise UnsupportedMediaType("the body must be application/json")
        return
    media_type, *parameters = (part.strip().lower() for part in content_type.split(";"))
    if media_type != "application/json":
        raise UnsupportedMediaType("the body must be application/json")
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip() == "charset" and value.strip().strip('"') not in ("utf-8", "utf8"):
            raise UnsupportedMediaType("a JSON body is UTF-8; no other charset is accepted")


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def _is_integer(annotation: Any) -> bool:
    """`int` (or an int enum), optional or in a list: what the schema calls an integer."""
    if get_origin(annotation) in (Union, types.UnionType, list):
        return any(_is_integer(arg) for arg in get_args(annotation) if arg is not type(None))
    return isinstance(annotation, type) and issubclass(annotation, int) and annotation is not bool


@cache  # one entry per route handler and kind, for the app's lifetime
def query_keys(handler: BaseRouteHandler, of_kind: Callable[[Any], bool]) -> tuple[str, ...]:
    """The query keys of the handler's parameters whose annotation is `of_kind`."""
    return tuple(
        getattr(field.kwarg_definition, "query", None) or name
        for name, field in parameters_of(handler)
        if isinstance(field.kwarg_definition, ParameterKwarg)
        and field.kwarg_definition.header is None
        and field.kwarg_definition.cookie is None
        and of_kind(field.annotation)
    )


async def require_whole_numbers(request: Request[Any, Any, Any]) -> None:
    """An integer query parameter takes digits only. The lenient parser behind Litestar would
    read `offset=0.0` or `limit=1e1` as integers, which the schema says are not."""
    for key in query_keys(request.route_handler, _is_integer):
        for value in request.query_params.getall(key, ()):
            if not _WHOLE_NUMBER.fullmatch(value):
                raise ValidationException(
                    "the request failed validation",
                    extra=[
                        {"key": key, "message": "a whole number is expected", "source": "query"}
                    ],
                )


async def check_request(request: Request[Any, Any, Any]) -> None:
    """Litestar takes one `before_request` hook: every request-level check, in turn."""
    await require_json_body(request)
    await require_whole_numbers(request)


async def add_security_headers(message: Message, scope: Any) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    # API answers (under either prefix) are per caller and change with every write; the docs
    # page's static assets may be cached.
    path = scope.get("path", "")
    if "cache-control" not in headers and not path.startswith(ASSETS_PATH):
        headers["Cache-Control"] = "no-store"
