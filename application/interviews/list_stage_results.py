from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.errors import NotFound
from application.interviews.views import StageResultList
from application.pagination import DEFAULT_LIMIT, Page
from application.ports.interviews import InterviewQueries
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True)
class ListStageResultsRequest:
    interview_id: UUID
    limit: int = DEFAULT_LIMIT
    offset: int = 0


class ListStageResults:
    """Admins, managers, recruiters and customers read the stage history of an interview of
    their company, oldest first, without soft-deleted results."""

    def __init__(self, queries: InterviewQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, request: ListStageResultsRequest) -> StageResultList:
        caller.authorize(Resource.INTERVIEWS, Action.READ)
        page = Page(request.limit, request.offset)
        results = await self._queries.stage_results(caller.company_id, request.interview_id, page)
        if results is None:
            raise NotFound("no such interview")
        return results
