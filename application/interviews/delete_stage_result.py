from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.errors import NotFound
from application.events.recorder import EventRecorder
from application.ports.interviews import InterviewRepository, StageResultRepository
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from domain.events.changes import state
from domain.events.event import Change
from domain.identity.permissions import Action, Resource


class DeleteStageResult:
    """Admins, managers and recruiters soft-delete one stage result of an interview of their
    company: it leaves the history, and the interview stays at its current stage."""

    def __init__(
        self,
        interviews: InterviewRepository,
        results: StageResultRepository,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._interviews = interviews
        self._results = results
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, interview_id: UUID, result_id: UUID) -> None:
        caller.authorize(Resource.INTERVIEWS, Action.DELETE)
        interview = await self._interviews.get(caller.company_id, interview_id)
        if interview is None or interview.is_deleted:
            raise NotFound("no such interview")
        result = await self._results.get(
            caller.company_id, interview_id, result_id, for_update=True
        )
        if result is None or result.is_deleted:
            raise NotFound("no such stage result")
        before = state(result, omit=("interview_id",))
        result.soft_delete(self._clock.now())
        await self._results.save(result)
        await self._events.record(
            caller,
            "interview.stage_result_deleted",
            interview.id,
            [Change("stage_results", before, None, result.id)],
        )
        await self._uow.commit()
