from __future__ import annotations

from dataclasses import dataclass, field

from application.caller import Caller
from application.interviews.views import (
    DEFAULT_INTERVIEW_SORT,
    INTERVIEW_SORTS,
    InterviewFilters,
    InterviewList,
)
from application.pagination import DEFAULT_LIMIT, Page, Sort
from application.ports.interviews import InterviewQueries
from domain.errors import InvalidInput
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True, kw_only=True)
class ListInterviewsRequest:
    filters: InterviewFilters = field(default_factory=InterviewFilters)
    sort: str | None = None  # created_at | updated_at, `-` for descending; default -created_at
    limit: int = DEFAULT_LIMIT
    offset: int = 0


class ListInterviews:
    """Admins, managers, recruiters and customers list their company's live interviews (not
    those of a soft-deleted candidate or vacancy), filtered, a page at a time, with the total."""

    def __init__(self, queries: InterviewQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, request: ListInterviewsRequest) -> InterviewList:
        caller.authorize(Resource.INTERVIEWS, Action.READ)
        page = Page(request.limit, request.offset)
        sort = Sort.parse(request.sort, INTERVIEW_SORTS, DEFAULT_INTERVIEW_SORT)
        filters = request.filters
        if (
            filters.vacancy_deadline_from is not None
            and filters.vacancy_deadline_to is not None
            and filters.vacancy_deadline_from > filters.vacancy_deadline_to
        ):
            raise InvalidInput.single("vacancy_deadline_to", "not before vacancy_deadline_from")
        return await self._queries.list(caller.company_id, filters, page, sort)
