from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from application.caller import Caller
from application.pagination import MAX_LIMIT, Page, Sort
from application.ports.user_queries import UserFilter, UserQueries
from application.users.views import ColleagueView, UserView
from domain.errors import InvalidInput
from domain.identity.permissions import Action, Resource

_BY_NAME = Sort(field="last_name", descending=False)


class ListColleagues:
    """Any signed-in user reads the colleagues of their company it names by id (the author of an
    interview, of a note), deactivated ones included: their authored rows still point at them.
    Ids of no such colleague (another company's) are left out. At most MAX_LIMIT ids a call."""

    def __init__(self, users: UserQueries) -> None:
        self._users = users

    async def execute(self, caller: Caller, user_ids: Collection[UUID]) -> list[ColleagueView]:
        wanted = tuple(dict.fromkeys(user_ids))
        if len(wanted) > MAX_LIMIT:
            raise InvalidInput.single("user_ids", f"at most {MAX_LIMIT}")
        if not wanted:
            return []
        page = await self._users.list(
            caller.company_id, UserFilter(ids=wanted), _BY_NAME, Page(MAX_LIMIT, 0)
        )
        with_account = caller.may(Resource.USERS, Action.READ)
        return [_colleague(user, with_account) for user in page.items]


def _colleague(user: UserView, with_account: bool) -> ColleagueView:
    return ColleagueView(
        id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        middle_name=user.middle_name,
        role_code=user.role_code,
        department=user.department,
        position=user.position,
        grade=user.grade,
        created_at=user.created_at,
        username=user.username if with_account else None,
        email=user.email if with_account else None,
    )
