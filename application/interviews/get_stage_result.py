from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.errors import NotFound
from application.interviews.views import StageResultView
from application.ports.interviews import InterviewQueries
from domain.identity.permissions import Action, Resource


class GetStageResult:
    """Admins, managers, recruiters and customers read one stage result of an interview of
    their company; a soft-deleted one is NotFound."""

    def __init__(self, queries: InterviewQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, interview_id: UUID, result_id: UUID) -> StageResultView:
        caller.authorize(Resource.INTERVIEWS, Action.READ)
        view = await self._queries.stage_result(caller.company_id, interview_id, result_id)
        if view is None:
            raise NotFound("no such stage result")
        return view
