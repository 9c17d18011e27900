"""User accounts: `/users` for administrators, `/users/current` for every signed-in user.

`CurrentUserController` owns the static `/users/current` paths; Litestar matches static
segments before path parameters (and `{user_id:uuid}` never parses `current`), so both coexist."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.datastructures import ResponseHeader
from litestar.params import FromPath, JSONBody, QueryParameter
from msgspec import UNSET, UnsetType

from application.caller import Caller
from application.users.change_own_password import ChangeOwnPassword, ChangeOwnPasswordRequest
from application.users.create_user import CreateUser, CreateUserRequest
from application.users.deactivate_user import DeactivateUser, DeactivateUserRequest
from application.users.get_current_user import GetCurrentUser
from application.users.get_user import GetUser
from application.users.list_users import ListUsers, ListUsersRequest
from application.users.unblock_user import UnblockUser
from application.users.update_user import UpdateUser, UpdateUserRequest
from application.users.views import UserList, UserView
from domain.identity.credentials import MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from domain.identity.role import Role
from entrypoints.http.bodies import body_mapping, enum_value
from entrypoints.http.envelope import error_responses
from entrypoints.http.etags import ETAG_HEADER, IfMatch, expected_version, with_etag
from entrypoints.http.paging import Limit, Offset, SearchText

Username = Annotated[
    str,
    msgspec.Meta(
        min_length=3,
        max_length=64,
        description="3-64 characters of a-z, 0-9, `.`, `_`, `-`: lower case only, anything else "
        "(capitals included) is refused with 400, never rewritten; unique across the system "
        "(409 `already_exists`). Login takes the username in any letter case.",
    ),
]
Password = Annotated[
    str,
    msgspec.Meta(
        min_length=MIN_PASSWORD_LENGTH,
        max_length=MAX_PASSWORD_LENGTH,
        description=f"At least {MIN_PASSWORD_LENGTH} characters, at most "
        f"{MAX_PASSWORD_LENGTH} bytes. Never returned.",
    ),
]
AnyPassword = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
Name = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_NAME_LENGTH,
        description=f"1-{MAX_NAME_LENGTH} characters (surrounding spaces are dropped)",
    ),
]
MiddleName = Annotated[
    str,
    msgspec.Meta(
        max_length=MAX_NAME_LENGTH,
        description=f"Up to {MAX_NAME_LENGTH} characters; empty or null means none",
    ),
]
Email = Annotated[
    str, msgspec.Meta(max_length=254, description="An email address (stored lowercase)")
]
RoleCode = Annotated[Role, msgspec.Meta(description="The role's `sys_name` (reference `roles`)")]
OrgRef = Annotated[
    UUID, msgspec.Meta(description="A row of the caller's company; any other id is refused (400)")
]

UserSort = Annotated[
    str,
    QueryParameter(
        pattern=r"^-?(last_name|created_at)$",
        description="`last_name`, `created_at` (default); prefix `-` to reverse; ties by id",
    ),
]


class NewUser(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    username: Username
    password: Password
    role_code: RoleCode
    first_name: Name
    last_name: Name
    email: Email
    middle_name: MiddleName | None = None
    department_id: OrgRef | None = None
    position_id: OrgRef | None = None
    grade_id: OrgRef | None = None


class UserPatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Absent fields stay as they are; `null` clears middle_name, department_id, position_id
    and grade_id."""

    username: Username | UnsetType = UNSET
    password: Password | UnsetType = UNSET
    role_code: RoleCode | UnsetType = UNSET
    first_name: Name | UnsetType = UNSET
    last_name: Name | UnsetType = UNSET
    email: Email | UnsetType = UNSET
    middle_name: MiddleName | UnsetType | None = UNSET
    department_id: OrgRef | UnsetType | None = UNSET
    position_id: OrgRef | UnsetType | None = UNSET
    grade_id: OrgRef | UnsetType | None = UNSET


class PasswordChange(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    old_password: AnyPassword
    new_password: Password


_ROLE = {"role_code": enum_value}
_new_user = body_mapping(NewUser, CreateUserRequest, _ROLE)
_user_changes = body_mapping(UserPatch, UpdateUserRequest, _ROLE)
_password_change = body_mapping(PasswordChange, ChangeOwnPasswordRequest)

LOCATION_HEADER = ResponseHeader(
    name="Location", documentation_only=True, description="The path of the new user"
)


class CurrentUserController(Controller):
    path = "/users/current"
    tags: ClassVar[list[str]] = ["users"]

    @get(
        "/",
        operation_id="getCurrentUser",
        summary="The signed-in user",
        responses=error_responses(),
    )
    async def current(
        self, caller: FromDishka[Caller], use_case: FromDishka[GetCurrentUser]
    ) -> UserView:
        return await use_case.execute(caller)

    @patch(
        "/password",
        operation_id="changePassword",
        status_code=204,
        summary="Change your own password",
        description="Every signed-in user. A wrong `old_password` is a validation error "
        "(400, `details[].field` = `old_password`), not a 401: the client stays signed in. "
        "Rate-limited like logins. Clears `must_change_password`.",
        responses=error_responses(429),
    )
    async def change_password(
        self,
        data: JSONBody[PasswordChange],
        caller: FromDishka[Caller],
        use_case: FromDishka[ChangeOwnPassword],
    ) -> None:
        await use_case.execute(caller, _password_change(data))


class UsersController(Controller):
    path = "/users"
    tags: ClassVar[list[str]] = ["users"]

    @get(
        "/",
        operation_id="listUsers",
        summary="List users",
        description="Admins. Deactivated users included. `q` matches any part of the username, "
        "first, last or middle name or email, case-insensitively.",
        responses=error_responses(),
    )
    async def list_users(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[ListUsers],
        role_code: Annotated[Role | None, QueryParameter(description="Only this role")] = None,
        department_id: Annotated[
            UUID | None, QueryParameter(description="Only this department")
        ] = None,
        q: SearchText = None,
        sort: UserSort = "created_at",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> UserList:
        request = ListUsersRequest(
            role_code=None if role_code is None else role_code.value,
            department_id=department_id,
            q=q,
            sort=sort,
            limit=limit,
            offset=offset,
        )
        return await use_case.execute(caller, request)

    @post(
        "/",
        operation_id="createUser",
        summary="Create a user",
        description="Admins. The department, position and grade must be the caller's "
        "company's (400 on the field otherwise).",
        responses=error_responses(409),
        response_headers=[ETAG_HEADER, LOCATION_HEADER],
    )
    async def create_user(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[NewUser],
        caller: FromDishka[Caller],
        use_case: FromDishka[CreateUser],
    ) -> Response[UserView]:
        view = await use_case.execute(caller, _new_user(data))
        location = f"{request.url.path.rstrip('/')}/{view.id}"
        return with_etag(view, 201, Location=location)

    @get(
        "/{user_id:uuid}",
        operation_id="getUser",
        summary="One user",
        description="Admins. The `ETag` header carries the version.",
        responses=error_responses(404),
        response_headers=[ETAG_HEADER],
    )
    async def get_user(
        self, user_id: FromPath[UUID], caller: FromDishka[Caller], use_case: FromDishka[GetUser]
    ) -> Response[UserView]:
        return with_etag(await use_case.execute(caller, user_id))

    @patch(
        "/{user_id:uuid}",
        operation_id="updateUser",
        summary="Edit a user",
        description="Admins. Any field of the creation, the password included (a reset by "
        "another admin ends the user's sessions). Changing your own role is refused "
        "(409 `conflict`). `If-Match` makes the change conditional on the version read before.",
        responses=error_responses(404, 409, 412),
        response_headers=[ETAG_HEADER],
    )
    async def update_user(
        self,
        user_id: FromPath[UUID],
        data: JSONBody[UserPatch],
        caller: FromDishka[Caller],
        use_case: FromDishka[UpdateUser],
        if_match: IfMatch = None,
    ) -> Response[UserView]:
        request = _user_changes(data, user_id=user_id, expected_version=expected_version(if_match))
        return with_etag(await use_case.execute(caller, request))

    @post(
        "/{user_id:uuid}/unblock",
        operation_id="unblockUser",
        status_code=200,
        summary="Unblock a user",
        description="Admins. Lifts the lockout of 5 failed logins; a user who is not blocked "
        "stays as they are.",
        responses=error_responses(404),
        response_headers=[ETAG_HEADER],
    )
    async def unblock_user(
        self, user_id: FromPath[UUID], caller: FromDishka[Caller], use_case: FromDishka[UnblockUser]
    ) -> Response[UserView]:
        return with_etag(await use_case.execute(caller, user_id))

    @delete(
        "/{user_id:uuid}",
        operation_id="deactivateUser",
        summary="Deactivate a user",
        description="Admins. The user can no longer log in and every session they hold ends; "
        "their authored rows keep pointing at them. Deactivating yourself is refused "
        "(409 `conflict`).",
        responses=error_responses(404, 409, 412),
    )
    async def deactivate_user(
        self,
        user_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeactivateUser],
        if_match: IfMatch = None,
    ) -> None:
        await use_case.execute(caller, DeactivateUserRequest(user_id, expected_version(if_match)))
