from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.for_change import found
from application.interviews.views import InterviewView
from application.ports.interviews import InterviewQueries
from domain.identity.permissions import Action, Resource


class GetInterview:
    """Admins, managers, recruiters and customers read one interview of their company; a
    soft-deleted one, or one of a soft-deleted candidate or vacancy, is NotFound."""

    def __init__(self, queries: InterviewQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, interview_id: UUID) -> InterviewView:
        caller.authorize(Resource.INTERVIEWS, Action.READ)
        return found(await self._queries.get(caller.company_id, interview_id), "interview")
