from __future__ import annotations

from application.caller import Caller
from application.interviews.views import (
    DEFAULT_INTERVIEW_SORT,
    INTERVIEW_SORTS,
    InterviewFilters,
    InterviewList,
)
from application.listing import ListRequest
from application.ports.interviews import InterviewQueries
from domain.identity.permissions import Action, Resource


class ListInterviews:
    """Admins, managers, recruiters and customers list their company's live interviews (not
    those of a soft-deleted candidate or vacancy), filtered, a page at a time, with the total."""

    def __init__(self, queries: InterviewQueries) -> None:
        self._queries = queries

    async def execute(
        self, caller: Caller, request: ListRequest[InterviewFilters]
    ) -> InterviewList:
        caller.authorize(Resource.INTERVIEWS, Action.READ)
        filters, page, order = request.checked(INTERVIEW_SORTS, DEFAULT_INTERVIEW_SORT)
        return await self._queries.list(caller.company_id, filters, page, order)
