"""`/users` of the original system: the whole list at once, creates and deletes answering
`{"id": ...}`, roles as numbers. Deleting a user deactivates the account (Gefest keeps it, and
its history, and an admin can see it in the main API)."""

from __future__ import annotations

from dishka.integrations.litestar import FromDishka
from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody

from application.caller import Caller
from application.users.create_user import CreateUser, CreateUserRequest
from application.users.deactivate_user import DeactivateUser, DeactivateUserRequest
from application.users.get_current_user import GetCurrentUser
from application.users.get_user import GetUser
from application.users.list_users import ListUsers, ListUsersRequest
from domain.errors import InvalidInput
from domain.identity.role import Role
from entrypoints.legacy.paging import every_page
from entrypoints.legacy.schemas.common import IdAnswer, path_id
from entrypoints.legacy.schemas.users import OldNewUser, OldUser, OldUserList, old_user


def _role(code: int) -> str:
    try:
        return Role.from_code(code).value
    except ValueError:
        raise InvalidInput.single("role_code", "one of the codes of /refs/roles") from None


class LegacyUsersController(Controller):
    path = "/users"

    @get("/", operation_id="legacyListUsers")
    async def list_users(
        self, caller: FromDishka[Caller], use_case: FromDishka[ListUsers]
    ) -> OldUserList:
        async def fetch(limit: int, offset: int):
            return await use_case.execute(caller, ListUsersRequest(limit=limit, offset=offset))

        users, _ = await every_page(fetch, old_user)
        return OldUserList(users)

    @get("/current", operation_id="legacyGetCurrentUser")
    async def current_user(
        self, caller: FromDishka[Caller], use_case: FromDishka[GetCurrentUser]
    ) -> OldUser:
        return old_user(await use_case.execute(caller))

    @get("/{user_id:str}", operation_id="legacyGetUser")
    async def get_user(
        self, user_id: FromPath[str], caller: FromDishka[Caller], use_case: FromDishka[GetUser]
    ) -> OldUser:
        return old_user(await use_case.execute(caller, path_id(user_id)))

    @post("/", operation_id="legacyCreateUser", status_code=200)
    async def create_user(
        self,
        data: JSONBody[OldNewUser],
        caller: FromDishka[Caller],
        use_case: FromDishka[CreateUser],
    ) -> IdAnswer:
        request = CreateUserRequest(
            username=data.username,
            password=data.password,
            role_code=_role(data.role_code),
            first_name=data.first_name,
            last_name=data.last_name,
            email=data.email,
            middle_name=data.middle_name,
            department_id=data.department_id,
            position_id=data.position_id,
            grade_id=data.grade_id,
        )
        return IdAnswer((await use_case.execute(caller, request)).id)

    @delete("/{user_id:str}", operation_id="legacyDeleteUser", status_code=200)
    async def delete_user(
        self,
        user_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeactivateUser],
    ) -> IdAnswer:
        target = path_id(user_id)
        await use_case.execute(caller, DeactivateUserRequest(target))
        return IdAnswer(target)
