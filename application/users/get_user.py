from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.for_change import found
from application.ports.user_queries import UserQueries
from application.users.views import UserView
from domain.identity.permissions import Action, Resource


class GetUser:
    """Administrators read any account of their own company; another company's is not found."""

    def __init__(self, users: UserQueries) -> None:
        self._users = users

    async def execute(self, caller: Caller, user_id: UUID) -> UserView:
        caller.authorize(Resource.USERS, Action.READ)
        return found(await self._users.get(caller.company_id, user_id), "user")
