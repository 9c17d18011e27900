"""`OPTIONS` answers name every method of the path in `Allow`.

Litestar answers OPTIONS itself, with the methods of the route its OPTIONS handler was made for.
When the handlers of one path are registered in more than one pass (a router mounted in the app,
two controllers on one path), that route is an early one with only some of the methods, and the
answer lied: `OPTIONS /api/v1/departments` said `Allow: OPTIONS, POST`. The header is set from
the app's final route of the path instead, on the way out."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.routes import HTTPRoute
from litestar.types import Message


def _methods_of(app: Any, path_template: str) -> str | None:
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path_format == path_template:
            return ", ".join(sorted(route.methods))
    return None


async def correct_allow_header(message: Message, scope: Any) -> None:
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
        return
    headers = MutableScopeHeaders.from_message(message)
    if "allow" not in headers:
        return
    methods = _methods_of(scope["app"], scope.get("path_template", ""))
    if methods is not None:
        headers["Allow"] = methods
