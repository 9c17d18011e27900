"""Request-level rules that hold for every route: JSON-only writes and safe response headers."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import ClientException, HTTPException
from litestar.types import Message

_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class UnsupportedMediaType(HTTPException):
    status_code = 415


class GuardedRequest(Request[Any, Any, Any]):
    """A JSON body nested deeper than the decoder's recursion limit is the client's fault
    (400), not an unexpected error (500)."""

    async def json(self) -> Any:
        try:
            return await super().json()
        except RecursionError as error:
            raise ClientException("the JSON body is nested too deeply") from error


async def require_json_body(request: Request[Any, Any, Any]) -> None:
    """A write with a body must say it is JSON. HTML forms cannot, so a cross-site form post
    is refused before it reaches a handler; a write without a body needs no content type.
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
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMediaType("the body must be application/json")


async def add_security_headers(message: Message, scope: Any) -> None:
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    path = scope.get("path", "")
    if path.startswith("/api/") and "cache-control" not in headers:
        headers["Cache-Control"] = "no-store"
