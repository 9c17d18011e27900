from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.errors import AlreadyExists, NotFound
from application.events.recorder import EventRecorder
from application.interviews.views import InterviewView
from application.ports.interviews import InterviewParties, InterviewQueries, InterviewRepository
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from domain.errors import ProblemCollector
from domain.identity.permissions import Action, Resource
from domain.interviews.interview import Interview


@dataclass(frozen=True, slots=True)
class StartInterviewRequest:
    candidate_id: UUID
    vacancy_id: UUID


class StartInterview:
    """Admins, managers and recruiters put a candidate into the pipeline of a vacancy, at
    stage 1 ("Новый"). Both must be live rows of the caller's company: otherwise the field
    that points nowhere is invalid (InvalidInput on `candidate_id` / `vacancy_id`; another
    company's id looks exactly like an unknown one). Only one live interview per pair
    (AlreadyExists), also under concurrent starts."""

    def __init__(
        self,
        interviews: InterviewRepository,
        parties: InterviewParties,
        queries: InterviewQueries,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._interviews = interviews
        self._parties = parties
        self._queries = queries
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: StartInterviewRequest) -> InterviewView:
        caller.authorize(Resource.INTERVIEWS, Action.CREATE)
        company_id = caller.company_id
        state = await self._parties.check(company_id, request.candidate_id, request.vacancy_id)
        problems = ProblemCollector()
        problems.check(state.candidate_live, "candidate_id", "no such candidate in your company")
        problems.check(state.vacancy_live, "vacancy_id", "no such vacancy in your company")
        problems.raise_if_any()
        if await self._interviews.live_pair_exists(
            company_id, request.candidate_id, request.vacancy_id, other_than=None
        ):
            raise AlreadyExists("an interview of this candidate for this vacancy exists")

        interview = Interview.start(
            self._ids.new_id(),
            company_id,
            request.candidate_id,
            request.vacancy_id,
            caller.user_id,
            self._clock.now(),
        )
        await self._interviews.add(interview)
        await self._events.created(caller, interview)
        view = await self._queries.get(company_id, interview.id)
        if view is None:  # a party was deleted concurrently; nothing is kept
            raise NotFound("the candidate or the vacancy was just deleted")
        await self._uow.commit()
        return view
