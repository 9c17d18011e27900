"""The interview and its stage results as API.md shows them, and the interview list's filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import msgspec

from application.listing import ListFilters
from application.views import NamedRef, PersonRef


class StageRef(msgspec.Struct, frozen=True):
    """An interview stage: `{code, value, parent_code}` (`parent_code` groups the stages)."""

    code: int
    value: str
    parent_code: int | None


class CandidateSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    first_name: str
    last_name: str
    middle_name: str | None


class VacancySummary(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    position: NamedRef
    department: NamedRef


class InterviewView(msgspec.Struct, frozen=True, kw_only=True):
    """What `GET /interviews/{id}` returns and what every list item is."""

    id: UUID
    candidate: CandidateSummary
    vacancy: VacancySummary
    stage: StageRef
    created_by: PersonRef
    created_at: datetime
    updated_at: datetime
    version: int


class InterviewList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[InterviewView]
    count: int


class StageResultView(msgspec.Struct, frozen=True, kw_only=True):
    """One recorded stage move. `seconds_in_old_stage`: how long the interview had stayed in
    `old_stage` before this move."""

    id: UUID
    old_stage: StageRef
    new_stage: StageRef
    note: str | None
    seconds_in_old_stage: int
    created_by: PersonRef
    created_at: datetime


class StageResultList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[StageResultView]
    count: int


INTERVIEW_SORTS = ("created_at", "updated_at")
DEFAULT_INTERVIEW_SORT = "-created_at"


@dataclass(frozen=True, slots=True, kw_only=True)
class InterviewFilters(ListFilters):
    """The list's filters; None means "not filtered". Every given filter must match.

    `vacancy_priority_code` and the inclusive `vacancy_deadline_*` dates look at the
    interview's vacancy; a vacancy without a deadline never matches a deadline filter.
    """

    candidate_id: UUID | None = None
    vacancy_id: UUID | None = None
    created_by: UUID | None = None
    stage_code: int | None = None
    vacancy_priority_code: int | None = None
    vacancy_deadline_from: date | None = None
    vacancy_deadline_to: date | None = None

    ranges = (("vacancy_deadline_from", "vacancy_deadline_to"),)
