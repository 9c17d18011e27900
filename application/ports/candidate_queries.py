from __future__ import annotations

from datetime import date
from typing import Protocol
from uuid import UUID

from application.candidates.views import CandidateCard, CandidateFilters, EncodedCandidateList
from application.pagination import Page, Sort


class CandidateQueries(Protocol):
    """The candidate read model: whole cards, in a fixed number of round trips per call.

    `today` is the date an open work period runs to (total experience).
    """

    async def get(self, company_id: UUID, candidate_id: UUID, today: date) -> CandidateCard | None:
        """The card; None when the company has no such candidate or it is soft-deleted."""
        ...

    async def list(
        self, company_id: UUID, filters: CandidateFilters, page: Page, sort: Sort, today: date
    ) -> EncodedCandidateList:
        """A page of live cards matching every filter, in `sort` order, and the total."""
        ...
