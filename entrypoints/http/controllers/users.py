from __future__ import annotations

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get

from application.caller import Caller
from application.users.get_current_user import GetCurrentUser
from application.users.views import UserView
from entrypoints.http.envelope import error_responses


class CurrentUserController(Controller):
    path = "/users/current"
    tags = ["users"]

    @get("/", summary="The signed-in user", responses=error_responses())
    async def current(
        self, caller: FromDishka[Caller], use_case: FromDishka[GetCurrentUser]
    ) -> UserView:
        return await use_case.execute(caller)
