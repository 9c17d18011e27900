from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.pagination import DEFAULT_LIMIT, Page, Sort
from application.ports.user_queries import USER_SORT_FIELDS, UserFilter, UserQueries
from application.users.account_fields import parse_role
from application.users.views import UserList
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.permissions import Action, Resource

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ListUsersRequest:
    role_code: str | None = None
    department_id: UUID | None = None
    q: str | None = None
    sort: str | None = None  # last_name, -last_name, created_at (default), -created_at
    limit: int = DEFAULT_LIMIT
    offset: int = 0


class ListUsers:
    """Administrators list the accounts of their own company, deactivated ones included,
    filtered by role, department and a case-insensitive text fragment (username, names, email),
    a page at a time with the total count."""

    def __init__(self, users: UserQueries) -> None:
        self._users = users

    async def execute(self, caller: Caller, request: ListUsersRequest) -> UserList:
        caller.authorize(Resource.USERS, Action.READ)
        problems = ProblemCollector()
        page = sort = role = None
        try:
            page = Page(request.limit, request.offset)
        except InvalidInput as error:
            problems.absorb(error)
        try:
            sort = Sort.parse(request.sort, USER_SORT_FIELDS, default="created_at")
        except InvalidInput as error:
            problems.absorb(error)
        if request.role_code is not None:
            try:
                role = parse_role(request.role_code)
            except InvalidInput as error:
                problems.absorb(error)
        text = (request.q or "").strip().lower()
        problems.check(len(text) <= MAX_QUERY_LENGTH, "q", f"at most {MAX_QUERY_LENGTH} characters")
        problems.check("\x00" not in text, "q", "must not contain NUL characters")
        problems.raise_if_any()
        assert page is not None and sort is not None
        filters = UserFilter(role=role, department_id=request.department_id, text=text or None)
        return await self._users.list(caller.company_id, filters, sort, page)
