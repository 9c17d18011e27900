from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.errors import Conflict, NotFound
from application.events.recorder import EventRecorder, snapshot
from application.for_change import live_for_change
from application.interviews.views import StageResultView
from application.ports.interviews import (
    InterviewQueries,
    InterviewRepository,
    StageResultRepository,
)
from application.ports.reference_catalog import ReferenceCatalog
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from domain.errors import InvalidInput
from domain.events.changes import diff, state
from domain.events.event import Change
from domain.identity.permissions import Action, Resource

INTERVIEW_STAGES = "interview-stages"


@dataclass(frozen=True, slots=True)
class MoveInterviewStageRequest:
    interview_id: UUID
    new_stage_code: int
    note: str | None = None
    expected_version: int | None = None  # from If-Match; None: move from whatever stage it is at
    # The stage the client means to move from (the original system's contract names it); None:
    # from whatever stage the interview is at.
    from_stage_code: int | None = None


class MoveInterviewStage:
    """Admins, managers and recruiters move an interview of their company to another stage
    and record the move (old stage, new stage, note, who, when, time spent in the old stage)
    in one transaction. The new stage must exist and not be archived (InvalidInput) and differ
    from the current one (RuleConflict). The interview is read under a row lock, so concurrent
    moves take turns and the history stays a chain: each move starts where the last ended. A
    stale `expected_version` moves nothing (PreconditionFailed)."""

    def __init__(
        self,
        interviews: InterviewRepository,
        results: StageResultRepository,
        catalog: ReferenceCatalog,
        queries: InterviewQueries,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._interviews = interviews
        self._results = results
        self._catalog = catalog
        self._queries = queries
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: MoveInterviewStageRequest) -> StageResultView:
        caller.authorize(Resource.INTERVIEWS, Action.UPDATE)
        if request.new_stage_code not in await self._catalog.live_codes(INTERVIEW_STAGES):
            raise InvalidInput.single("new_stage_code", "not a current interview stage code")
        interview = await live_for_change(
            self._interviews.get(caller.company_id, request.interview_id, for_update=True),
            "interview",
            request.expected_version,
        )

        if request.from_stage_code not in (None, interview.stage_code):
            raise Conflict(
                f"the interview is at stage {interview.stage_code}, not {request.from_stage_code}"
            )
        version, before = interview.version, snapshot(interview)
        result = interview.move_to(
            request.new_stage_code,
            request.note,
            caller.user_id,
            self._clock.now(),
            result_id=self._ids.new_id(),
        )
        await self._interviews.save(interview, expected_version=version)
        await self._results.add(result)
        changes = (
            *diff(before, snapshot(interview)),
            Change("stage_results", None, state(result, omit=("interview_id",)), result.id),
        )
        await self._events.record(caller, "interview.stage_changed", interview.id, changes)
        view = await self._queries.stage_result(caller.company_id, interview.id, result.id)
        if view is None:  # cannot happen inside this transaction; never answer half a move
            raise NotFound("no such interview")
        await self._uow.commit()
        return view
