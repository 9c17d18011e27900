"""`/sessions` of the original system: the same cookie sessions as the main API (a login at either
prefix works at both), answered in the old shapes."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, patch, post
from litestar.params import JSONBody

from application.caller import Caller
from application.ports.system import Clock
from application.sessions.login import Login, LoginRequest
from application.sessions.logout import Logout
from application.sessions.refresh import RefreshSessionTokens
from domain.identity.role import Role
from entrypoints.http.auth import REFRESH_COOKIE
from entrypoints.http.cookies import clear_session_cookies, set_session_cookies
from entrypoints.http.text_patterns import NO_NUL
from entrypoints.settings import Settings


class Credentials(msgspec.Struct):
    username: Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=NO_NUL)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=128)]


class LoggedIn(msgspec.Struct, frozen=True):
    user_id: UUID
    role_code: int  # the old contract numbers the roles (see /refs/roles)


class LegacySessionController(Controller):
    path = "/sessions"

    @post("/", operation_id="legacyLogin", status_code=200, security=[])
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[Credentials],
        use_case: FromDishka[Login],
        settings: FromDishka[Settings],
        clock: FromDishka[Clock],
    ) -> Response[LoggedIn]:
        address = request.client.host if request.client else "unknown"
        tokens = await use_case.execute(
            LoginRequest(username=data.username, password=data.password, client_address=address)
        )
        response = Response(LoggedIn(tokens.user_id, Role(tokens.role_code).code))
        set_session_cookies(response, settings, tokens, clock.now())
        return response

    @patch("/", operation_id="legacyRefreshSession", security=[])
    async def refresh(
        self,
        request: Request[Any, Any, Any],
        use_case: FromDishka[RefreshSessionTokens],
        settings: FromDishka[Settings],
        clock: FromDishka[Clock],
    ) -> Response[None]:
        tokens = await use_case.execute(request.cookies.get(REFRESH_COOKIE))
        response: Response[None] = Response(None)
        set_session_cookies(response, settings, tokens, clock.now())
        return response

    @delete("/", operation_id="legacyLogout", status_code=200, security=[])
    async def logout(
        self,
        request: Request[Any, Any, Any],
        use_case: FromDishka[Logout],
        settings: FromDishka[Settings],
    ) -> Response[None]:
        await use_case.execute(request.cookies.get(REFRESH_COOKIE))
        response: Response[None] = Response(None)
        clear_session_cookies(response, settings)
        return response

    @post("/protected", operation_id="legacyCheckSession", status_code=200)
    async def protected(self, caller: FromDishka[Caller]) -> None:
        """The old "am I signed in" probe: 200 with a valid access token, else 401."""
        del caller
