from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from application.interviews.views import (
    InterviewFilters,
    InterviewList,
    InterviewView,
    StageResultList,
    StageResultView,
)
from application.pagination import Page, Sort
from domain.interviews.interview import Interview, StageResult


class InterviewRepository(Protocol):
    """Interviews whose candidate and vacancy are live. An interview of a soft-deleted
    candidate or vacancy is hidden with them: every method treats it as absent."""

    async def get(
        self, company_id: UUID, interview_id: UUID, *, for_update: bool = False
    ) -> Interview | None:
        """The interview, soft-deleted ones included (`deleted_at` set), or None. `for_update`
        locks the row until the transaction ends, so concurrent moves take turns and each one
        sees the stage the previous one left."""
        ...

    async def live_pair_exists(
        self, company_id: UUID, candidate_id: UUID, vacancy_id: UUID, *, other_than: UUID | None
    ) -> bool:
        """Whether a non-deleted interview of this candidate for this vacancy exists (besides
        `other_than`)."""
        ...

    async def add(self, interview: Interview) -> None:
        """Raises AlreadyExists when a live interview of the pair exists, also one a concurrent
        transaction has just added."""
        ...

    async def save(self, interview: Interview, expected_version: int) -> None:
        """Raises PreconditionFailed if the stored version is not `expected_version`, NotFound
        if the row is gone, AlreadyExists if a restore would make two live interviews of the
        pair."""
        ...


class StageResultRepository(Protocol):
    async def get(
        self, company_id: UUID, interview_id: UUID, result_id: UUID, *, for_update: bool = False
    ) -> StageResult | None:
        """The stage result of this interview, soft-deleted ones included, or None."""
        ...

    async def add(self, result: StageResult) -> None: ...

    async def save(self, result: StageResult) -> None:
        """Stores the only thing that changes about a result: `deleted_at`."""
        ...


@dataclass(frozen=True, slots=True)
class PartyState:
    """Whether each side of a would-be interview is a live row of the company."""

    candidate_live: bool
    vacancy_live: bool


class InterviewParties(Protocol):
    async def check(self, company_id: UUID, candidate_id: UUID, vacancy_id: UUID) -> PartyState:
        """False for an unknown id, another company's row and a soft-deleted one alike."""
        ...


class InterviewQueries(Protocol):
    """The interview read model, in a fixed number of round trips per call. Soft-deleted
    interviews, and interviews of a soft-deleted candidate or vacancy, are never shown."""

    async def get(self, company_id: UUID, interview_id: UUID) -> InterviewView | None: ...

    async def list(
        self, company_id: UUID, filters: InterviewFilters, page: Page, sort: Sort
    ) -> InterviewList:
        """One page matching every filter, in `sort` order (ties by id), with the total."""
        ...

    async def stage_results(
        self, company_id: UUID, interview_id: UUID, page: Page
    ) -> StageResultList | None:
        """The live stage results of a shown interview, oldest first (ties by id), or None
        when the interview is not shown."""
        ...

    async def stage_result(
        self, company_id: UUID, interview_id: UUID, result_id: UUID
    ) -> StageResultView | None:
        """A live stage result of a shown interview, or None."""
        ...
