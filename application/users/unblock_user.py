from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.events.recorder import EventRecorder, snapshot
from application.for_change import for_change
from application.ports.identity import AccountStatuses, UserRepository
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from application.ports.user_queries import UserQueries
from application.users.views import UserView
from domain.identity.permissions import Action, Resource


class UnblockUser:
    """Administrators lift the lockout of an account of their own company (5 failed logins):
    the failure count starts again from zero. Unblocking an account that is not blocked
    changes nothing."""

    def __init__(
        self,
        users: UserRepository,
        queries: UserQueries,
        statuses: AccountStatuses,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._statuses = statuses
        self._queries = queries
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, user_id: UUID) -> UserView:
        caller.authorize(Resource.USERS, Action.UPDATE)
        user = await for_change(
            self._users.get(caller.company_id, user_id, for_update=True), "user"
        )
        version, before = user.version, snapshot(user)
        if user.unblock(self._clock.now()):
            await self._users.save(user, expected_version=version)
            await self._events.changed(caller, "user.unblocked", user, before)
        view = await self._queries.get(caller.company_id, user.id)
        assert view is not None
        await self._uow.commit()
        self._statuses.forget(user.id)
        return view
