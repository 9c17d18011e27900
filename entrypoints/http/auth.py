"""Who is calling: the access token from the `Authorization: Bearer` header or the `at` cookie."""

from __future__ import annotations

from typing import Any

from dishka import Provider, Scope, provide
from litestar import Request

from application.caller import Caller
from application.sessions.authenticate import Authenticate

ACCESS_COOKIE = "at"
REFRESH_COOKIE = "rt"


def access_token_of(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        return token.strip() if scheme.lower() == "bearer" else None
    return request.cookies.get(ACCESS_COOKIE)


class CallerProvider(Provider):
    @provide(scope=Scope.REQUEST)
    async def caller(self, request: Request, authenticate: Authenticate) -> Caller:  # type: ignore[type-arg]
        return await authenticate.execute(access_token_of(request))
