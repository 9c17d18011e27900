from __future__ import annotations

from application.caller import Caller
from application.candidates.views import (
    CANDIDATE_SORTS,
    DEFAULT_CANDIDATE_SORT,
    CandidateFilters,
    EncodedCandidateList,
)
from application.listing import ListRequest
from application.ports.candidate_queries import CandidateQueries
from application.ports.system import Clock
from domain.identity.permissions import Action, Resource


class ListCandidates:
    """Hiring staff and customers page through the live candidate cards of their company, whole
    cards included, filtered (every filter must match) and sorted by `created_at` (newest first by
    default), `last_name` or `min_salary`; ties are broken by id, and `count` is the total."""

    def __init__(self, candidates: CandidateQueries, clock: Clock) -> None:
        self._candidates = candidates
        self._clock = clock

    async def execute(
        self, caller: Caller, request: ListRequest[CandidateFilters]
    ) -> EncodedCandidateList:
        caller.authorize(Resource.CANDIDATES, Action.READ)
        filters, page, order = request.checked(CANDIDATE_SORTS, DEFAULT_CANDIDATE_SORT)
        return await self._candidates.list(
            caller.company_id, filters, page, order, self._clock.today()
        )
