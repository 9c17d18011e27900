"""The vacancy as API.md shows it, and the request shape of the vacancy list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import msgspec

from application.listing import ListFilters
from application.views import CodeRef, NamedRef, PersonRef


class VacancyView(msgspec.Struct, frozen=True, kw_only=True):
    """What `GET /vacancies/{id}` returns and what every list item is. `hired_count` is the
    number of live interviews of the vacancy at stage 10 ("Оффер принят"), computed on read."""

    id: UUID
    position: NamedRef
    department: NamedRef
    grade: NamedRef | None
    salary_from: int | None
    salary_to: int | None
    employee_count: int
    hired_count: int
    priority: CodeRef
    status: CodeRef
    deadline: date | None
    address: CodeRef | None
    project: str | None
    recruiter: PersonRef | None
    skills: list[NamedRef]
    created_by: PersonRef
    created_at: datetime
    updated_at: datetime
    version: int


class VacancyList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[VacancyView]
    count: int


VACANCY_SORTS = ("created_at", "deadline", "priority")
DEFAULT_VACANCY_SORT = "-created_at"
HIRED_STAGE_CODE = 10  # "Оффер принят"


@dataclass(frozen=True, slots=True, kw_only=True)
class VacancyFilters(ListFilters):
    """The list's filters; None (or empty) means "not filtered". Every given filter must match.

    `q`: every word is a case-insensitive substring of the vacancy's search text (position,
    department, project and skill names; `е` = `ё`). `skill_ids`: the vacancy asks for all of
    them. `ids`: one of these vacancies. `salary_from`/`salary_to`: the vacancy's salary range
    overlaps the asked one, a missing bound on either side being open. Dates are inclusive
    (`created_*` in UTC); a vacancy without a deadline never matches a deadline filter.
    """

    ids: tuple[UUID, ...] = ()
    q: str | None = None
    recruiter_id: UUID | None = None
    department_id: UUID | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None
    priority_code: int | None = None
    status_code: int | None = None
    address_code: int | None = None
    skill_ids: tuple[UUID, ...] = ()
    salary_from: int | None = None
    salary_to: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    deadline_from: date | None = None
    deadline_to: date | None = None

    ranges = (
        ("salary_from", "salary_to"),
        ("created_from", "created_to"),
        ("deadline_from", "deadline_to"),
    )
