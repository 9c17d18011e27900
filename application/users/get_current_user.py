from __future__ import annotations

from application.caller import Caller
from application.errors import InvalidToken
from application.ports.user_queries import UserQueries
from application.users.views import UserView


class GetCurrentUser:
    """Every signed-in user may read their own account, including whether they must still
    replace a bootstrap password."""

    def __init__(self, users: UserQueries) -> None:
        self._users = users

    async def execute(self, caller: Caller) -> UserView:
        user = await self._users.get(caller.company_id, caller.user_id)
        if user is None:
            raise InvalidToken("the signed-in user no longer exists")
        return user
