from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.events.recorder import EventRecorder, snapshot
from application.for_change import for_change
from application.ports.identity import AccountStatuses, RefreshSessionRepository, UserRepository
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True)
class DeactivateUserRequest:
    user_id: UUID
    expected_version: int | None = None  # from If-Match; None: last writer wins


class DeactivateUser:
    """Administrators deactivate an account of their own company: it can no longer log in,
    every refresh session it holds is revoked at once, its live access token stops working on
    the next request, and the rows it authored keep pointing
    at it. Nobody deactivates themselves. Deactivating twice changes nothing more."""

    def __init__(
        self,
        users: UserRepository,
        sessions: RefreshSessionRepository,
        statuses: AccountStatuses,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._sessions = sessions
        self._statuses = statuses
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: DeactivateUserRequest) -> None:
        caller.authorize(Resource.USERS, Action.DELETE)
        user = await for_change(
            self._users.get(caller.company_id, request.user_id, for_update=True),
            "user",
            request.expected_version,
        )
        version, before = user.version, snapshot(user)
        now = self._clock.now()
        if user.deactivate(now, actor_id=caller.user_id):
            await self._users.save(user, expected_version=version)
            await self._events.changed(caller, "user.deactivated", user, before)
        await self._sessions.revoke_all_of_user(user.company_id, user.id, now)
        await self._uow.commit()
        self._statuses.forget(user.id)
