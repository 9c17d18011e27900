"""Interviews and stage results in the in-memory store.

Candidates and vacancies are read from the store's `candidates` and `vacancies` tables by what
every such row has (`company_id`, `deleted_at`, names; a vacancy's ids may sit in `terms`)."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any
from uuid import UUID

from adapters.memory.store import InMemoryStore
from application.errors import AlreadyExists, NotFound, PreconditionFailed
from application.interviews.views import (
    CandidateSummary,
    InterviewFilters,
    InterviewList,
    InterviewView,
    StageRef,
    StageResultList,
    StageResultView,
    VacancySummary,
)
from application.pagination import Page, Sort
from application.ports.interviews import PartyState
from application.views import NamedRef, PersonRef
from domain.interviews.interview import Interview, StageResult

INTERVIEWS = "interviews"
STAGE_RESULTS = "interview_stage_results"


def _field(row: Any, name: str) -> Any:
    """An attribute of the row, or of its `terms` (the Vacancy aggregate keeps them there)."""
    if hasattr(row, name):
        return getattr(row, name)
    return getattr(getattr(row, "terms", None), name, None)


def _live_party(store: InMemoryStore, table: str, company_id: UUID, row_id: UUID) -> Any:
    row = store.table(table).get(row_id)
    if row is None or row.company_id != company_id or row.deleted_at is not None:
        return None
    return row


def _hidden(store: InMemoryStore, interview: Interview) -> bool:
    """An interview of a soft-deleted candidate or vacancy is hidden with them."""
    company_id = interview.company_id
    return (
        _live_party(store, "candidates", company_id, interview.candidate_id) is None
        or _live_party(store, "vacancies", company_id, interview.vacancy_id) is None
    )


def _load_stages() -> dict[int, StageRef]:
    raw = resources.files("adapters.postgres").joinpath("reference-data.json").read_text("utf-8")
    rows = json.loads(raw)["interview_stages"]
    return {
        int(row["code"]): StageRef(int(row["code"]), str(row["value"]), row.get("parent_code"))
        for row in rows
    }


class InMemoryInterviewRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(
        self, company_id: UUID, interview_id: UUID, *, for_update: bool = False
    ) -> Interview | None:
        interview = self._store.table(INTERVIEWS).get(interview_id)
        if interview is None or interview.company_id != company_id:
            return None
        if _hidden(self._store, interview):
            return None
        return copy.copy(interview)

    async def live_pair_exists(
        self, company_id: UUID, candidate_id: UUID, vacancy_id: UUID, *, other_than: UUID | None
    ) -> bool:
        return any(
            i.company_id == company_id
            and i.candidate_id == candidate_id
            and i.vacancy_id == vacancy_id
            and i.deleted_at is None
            and i.id != other_than
            for i in self._store.table(INTERVIEWS).values()
        )

    async def add(self, interview: Interview) -> None:
        if await self.live_pair_exists(
            interview.company_id, interview.candidate_id, interview.vacancy_id, other_than=None
        ):
            raise AlreadyExists("an interview of this candidate for this vacancy exists")
        self._store.table(INTERVIEWS)[interview.id] = copy.copy(interview)

    async def save(self, interview: Interview, expected_version: int) -> None:
        stored = self._store.table(INTERVIEWS).get(interview.id)
        if stored is None or stored.company_id != interview.company_id:
            raise NotFound("no such interview")
        if stored.version != expected_version:
            raise PreconditionFailed("the interview was changed by someone else")
        if interview.deleted_at is None and await self.live_pair_exists(
            interview.company_id,
            interview.candidate_id,
            interview.vacancy_id,
            other_than=interview.id,
        ):
            raise AlreadyExists("an interview of this candidate for this vacancy exists")
        self._store.table(INTERVIEWS)[interview.id] = copy.copy(interview)


class InMemoryStageResultRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(
        self, company_id: UUID, interview_id: UUID, result_id: UUID, *, for_update: bool = False
    ) -> StageResult | None:
        result = self._store.table(STAGE_RESULTS).get(result_id)
        if result is None or result.company_id != company_id:
            return None
        if result.interview_id != interview_id:
            return None
        return copy.copy(result)

    async def add(self, result: StageResult) -> None:
        self._store.table(STAGE_RESULTS)[result.id] = copy.copy(result)

    async def save(self, result: StageResult) -> None:
        stored = self._store.table(STAGE_RESULTS).get(result.id)
        if stored is None or stored.company_id != result.company_id:
            raise NotFound("no such stage result")
        stored.deleted_at = result.deleted_at


class InMemoryInterviewParties:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def check(self, company_id: UUID, candidate_id: UUID, vacancy_id: UUID) -> PartyState:
        return PartyState(
            candidate_live=_live_party(self._store, "candidates", company_id, candidate_id)
            is not None,
            vacancy_live=_live_party(self._store, "vacancies", company_id, vacancy_id) is not None,
        )


class InMemoryInterviewQueries:
    def __init__(self, store: InMemoryStore, stages: dict[int, StageRef] | None = None) -> None:
        self._store = store
        self._stages = stages if stages is not None else _load_stages()

    async def get(self, company_id: UUID, interview_id: UUID) -> InterviewView | None:
        interview = self._shown(company_id, interview_id)
        return None if interview is None else self._view(interview)

    async def list(
        self, company_id: UUID, filters: InterviewFilters, page: Page, sort: Sort
    ) -> InterviewList:
        found = [
            i
            for i in self._store.table(INTERVIEWS).values()
            if i.company_id == company_id
            and i.deleted_at is None
            and not _hidden(self._store, i)
            and self._matches(i, filters)
        ]
        found.sort(key=lambda i: (getattr(i, sort.field), i.id), reverse=sort.descending)
        chosen = found[page.offset : page.offset + page.limit]
        return InterviewList(items=[self._view(i) for i in chosen], count=len(found))

    async def stage_results(
        self, company_id: UUID, interview_id: UUID, page: Page
    ) -> StageResultList | None:
        if self._shown(company_id, interview_id) is None:
            return None
        found = sorted(
            (
                r
                for r in self._store.table(STAGE_RESULTS).values()
                if r.company_id == company_id
                and r.interview_id == interview_id
                and r.deleted_at is None
            ),
            key=lambda r: (r.created_at, r.id),
        )
        chosen = found[page.offset : page.offset + page.limit]
        return StageResultList(items=[self._result_view(r) for r in chosen], count=len(found))

    async def stage_result(
        self, company_id: UUID, interview_id: UUID, result_id: UUID
    ) -> StageResultView | None:
        if self._shown(company_id, interview_id) is None:
            return None
        result = self._store.table(STAGE_RESULTS).get(result_id)
        if (
            result is None
            or result.company_id != company_id
            or result.interview_id != interview_id
            or result.deleted_at is not None
        ):
            return None
        return self._result_view(result)

    def _shown(self, company_id: UUID, interview_id: UUID) -> Interview | None:
        interview = self._store.table(INTERVIEWS).get(interview_id)
        if interview is None or interview.company_id != company_id:
            return None
        if interview.deleted_at is not None or _hidden(self._store, interview):
            return None
        return interview

    def _matches(self, interview: Interview, filters: InterviewFilters) -> bool:
        vacancy = self._store.table("vacancies")[interview.vacancy_id]
        deadline = _field(vacancy, "deadline")
        checks = (
            (filters.candidate_id, lambda: interview.candidate_id == filters.candidate_id),
            (filters.vacancy_id, lambda: interview.vacancy_id == filters.vacancy_id),
            (filters.created_by, lambda: interview.created_by == filters.created_by),
            (filters.stage_code, lambda: interview.stage_code == filters.stage_code),
            (
                filters.vacancy_priority_code,
                lambda: _field(vacancy, "priority_code") == filters.vacancy_priority_code,
            ),
            (
                filters.vacancy_deadline_from,
                lambda: deadline is not None and deadline >= filters.vacancy_deadline_from,
            ),
            (
                filters.vacancy_deadline_to,
                lambda: deadline is not None and deadline <= filters.vacancy_deadline_to,
            ),
        )
        return all(wanted is None or check() for wanted, check in checks)

    def _view(self, interview: Interview) -> InterviewView:
        candidate = self._store.table("candidates")[interview.candidate_id]
        vacancy = self._store.table("vacancies")[interview.vacancy_id]
        return InterviewView(
            id=interview.id,
            candidate=CandidateSummary(
                id=candidate.id,
                first_name=candidate.first_name,
                last_name=candidate.last_name,
                middle_name=candidate.middle_name,
            ),
            vacancy=VacancySummary(
                id=vacancy.id,
                position=self._named("positions", _field(vacancy, "position_id")),
                department=self._named("departments", _field(vacancy, "department_id")),
            ),
            stage=self._stages[interview.stage_code],
            created_by=self._person(interview.created_by),
            created_at=interview.created_at,
            updated_at=interview.updated_at,
            version=interview.version,
        )

    def _result_view(self, result: StageResult) -> StageResultView:
        return StageResultView(
            id=result.id,
            old_stage=self._stages[result.old_stage_code],
            new_stage=self._stages[result.new_stage_code],
            note=result.note,
            seconds_in_old_stage=result.seconds_in_old_stage,
            created_by=self._person(result.created_by),
            created_at=result.created_at,
        )

    def _named(self, table: str, row_id: UUID) -> NamedRef:
        row = self._store.table(table)[row_id]
        return NamedRef(id=row.id, name=row.name)

    def _person(self, user_id: UUID) -> PersonRef:
        user = self._store.users[user_id]
        return PersonRef(id=user.id, first_name=user.first_name, last_name=user.last_name)
