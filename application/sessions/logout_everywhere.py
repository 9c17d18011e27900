from __future__ import annotations

from application.caller import Caller
from application.events.recorder import EventRecorder
from application.ports.identity import RefreshSessionRepository
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork


class LogoutEverywhere:
    """A signed-in user revokes every refresh token they hold, on every device."""

    def __init__(
        self,
        sessions: RefreshSessionRepository,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller) -> None:
        await self._sessions.revoke_all_of_user(
            caller.company_id, caller.user_id, self._clock.now()
        )
        await self._events.record(caller, "user.signed_out_everywhere", caller.user_id)
        await self._uow.commit()
