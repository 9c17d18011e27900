from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.errors import AlreadyExists, NotFound
from application.events.recorder import EventRecorder
from application.for_change import for_change
from application.interviews.views import InterviewView
from application.ports.interviews import InterviewQueries, InterviewRepository
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource


class RestoreInterview:
    """Admins, managers and recruiters bring back a soft-deleted interview of their company,
    at the stage it had. Refused (AlreadyExists) while another live interview of the same
    candidate and vacancy exists. Restoring a live interview changes nothing."""

    def __init__(
        self,
        interviews: InterviewRepository,
        queries: InterviewQueries,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._interviews = interviews
        self._queries = queries
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, interview_id: UUID) -> InterviewView:
        caller.authorize(Resource.INTERVIEWS, Action.DELETE)  # who may delete may undo it
        company_id = caller.company_id
        interview = await for_change(
            self._interviews.get(company_id, interview_id, for_update=True), "interview"
        )
        if interview.is_deleted:
            if await self._interviews.live_pair_exists(
                company_id, interview.candidate_id, interview.vacancy_id, other_than=interview.id
            ):
                raise AlreadyExists("another interview of this candidate for this vacancy exists")
            version = interview.version
            interview.restore(self._clock.now())
            await self._interviews.save(interview, expected_version=version)
            await self._events.record(caller, "interview.restored", interview.id)
        view = await self._queries.get(company_id, interview.id)
        if view is None:
            raise NotFound("no such interview")
        await self._uow.commit()
        return view
