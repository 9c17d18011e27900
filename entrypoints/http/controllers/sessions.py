from __future__ import annotations

from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, patch, post
from litestar.openapi.spec import Example
from litestar.params import Body

from application.caller import Caller
from application.ports.system import Clock
from application.sessions.login import Login, LoginRequest
from application.sessions.logout import Logout
from application.sessions.logout_everywhere import LogoutEverywhere
from application.sessions.refresh import RefreshSessionTokens
from entrypoints.http.auth import REFRESH_COOKIE
from entrypoints.http.bodies import body_mapping
from entrypoints.http.cookies import clear_session_cookies, set_session_cookies
from entrypoints.http.envelope import error_responses
from entrypoints.http.text_patterns import NO_NUL
from entrypoints.settings import Settings


class Credentials(msgspec.Struct, forbid_unknown_fields=True):
    username: Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=NO_NUL)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=128)]


class SessionInfo(msgspec.Struct):
    user_id: UUID
    role_code: str


_LOGIN_EXAMPLE = Body(
    description="Credentials; `admin`/`admin` on a fresh install.",
    examples=[Example(summary="A fresh install", value={"username": "admin", "password": "admin"})],
)


_login = body_mapping(Credentials, LoginRequest)


class SessionController(Controller):
    path = "/sessions"
    tags: ClassVar[list[str]] = ["sessions"]

    @post(
        "/",
        operation_id="login",
        status_code=200,
        summary="Log in",
        description="Sets the `at` (access) and `rt` (refresh) cookies. The 5th wrong password "
        "in a row blocks the account.",
        responses=error_responses(401, 429),
        security=[],
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[Credentials, _LOGIN_EXAMPLE],
        use_case: FromDishka[Login],
        settings: FromDishka[Settings],
        clock: FromDishka[Clock],
    ) -> Response[SessionInfo]:
        address = request.client.host if request.client else "unknown"
        tokens = await use_case.execute(_login(data, client_address=address))
        response = Response(SessionInfo(user_id=tokens.user_id, role_code=tokens.role_code))
        set_session_cookies(response, settings, tokens, clock.now())
        return response

    @patch(
        "/",
        operation_id="refreshSession",
        summary="Refresh the session",
        description="Rotates the refresh token from the `rt` cookie: new `at` and `rt`. Presenting "
        "an already rotated token revokes every session of that login.",
        responses=error_responses(),
        security=[],
    )
    async def refresh(
        self,
        request: Request[Any, Any, Any],
        use_case: FromDishka[RefreshSessionTokens],
        settings: FromDishka[Settings],
        clock: FromDishka[Clock],
    ) -> Response[SessionInfo]:
        tokens = await use_case.execute(request.cookies.get(REFRESH_COOKIE))
        response = Response(SessionInfo(user_id=tokens.user_id, role_code=tokens.role_code))
        set_session_cookies(response, settings, tokens, clock.now())
        return response

    @delete(
        "/",
        operation_id="logout",
        summary="Log out",
        description="Revokes the refresh token of the `rt` cookie and clears both cookies.",
        responses=error_responses(),
        security=[],
    )
    async def logout(
        self,
        request: Request[Any, Any, Any],
        use_case: FromDishka[Logout],
        settings: FromDishka[Settings],
    ) -> Response[None]:
        await use_case.execute(request.cookies.get(REFRESH_COOKIE))
        response: Response[None] = Response(None, status_code=204)
        clear_session_cookies(response, settings)
        return response

    @delete(
        "/all",
        operation_id="logoutEverywhere",
        summary="Log out everywhere",
        description="Revokes every refresh token of the caller, on every device.",
        responses=error_responses(),
    )
    async def logout_everywhere(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[LogoutEverywhere],
        settings: FromDishka[Settings],
    ) -> Response[None]:
        await use_case.execute(caller)
        response: Response[None] = Response(None, status_code=204)
        clear_session_cookies(response, settings)
        return response
