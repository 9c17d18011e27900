from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.events.recorder import EventRecorder
from application.for_change import live_for_change
from application.ports.interviews import InterviewRepository
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True)
class DeleteInterviewRequest:
    interview_id: UUID
    expected_version: int | None = None  # from If-Match; None: delete whatever is there


class DeleteInterview:
    """Admins, managers and recruiters soft-delete an interview of their company: it leaves
    lists and reads (and the vacancy's hired count) until restored; its history is kept. A
    stale `expected_version` deletes nothing (PreconditionFailed)."""

    def __init__(
        self,
        interviews: InterviewRepository,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._interviews = interviews
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: DeleteInterviewRequest) -> None:
        caller.authorize(Resource.INTERVIEWS, Action.DELETE)
        interview = await live_for_change(
            self._interviews.get(caller.company_id, request.interview_id, for_update=True),
            "interview",
            request.expected_version,
        )
        version = interview.version
        interview.soft_delete(self._clock.now())
        await self._interviews.save(interview, expected_version=version)
        await self._events.record(caller, "interview.deleted", interview.id)
        await self._uow.commit()
