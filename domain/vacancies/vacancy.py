"""The Vacancy aggregate: an opening a company hires for, from a customer's request onwards."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from uuid import UUID

from domain.calendar import CALENDAR_SPAN, in_calendar
from domain.errors import ProblemCollector

REQUEST_STATUS_CODE = 1  # "Заявка": every vacancy starts as a request
MIN_EMPLOYEE_COUNT = 1
MAX_EMPLOYEE_COUNT = 1000
MAX_PROJECT_LENGTH = 500
MAX_SALARY = 9_999_999_999  # whole currency units; what NUMERIC(12, 2) holds


@dataclass(frozen=True, slots=True)
class VacancyTerms:
    """Everything about a vacancy a user may set; the aggregate checks it as a whole."""

    position_id: UUID
    department_id: UUID
    priority_code: int
    employee_count: int
    status_code: int = REQUEST_STATUS_CODE
    grade_id: UUID | None = None
    salary_from: int | None = None
    salary_to: int | None = None
    deadline: date | None = None
    address_code: int | None = None
    project: str | None = None
    recruiter_id: UUID | None = None
    skill_ids: tuple[UUID, ...] = ()


TERM_FIELDS = tuple(field.name for field in fields(VacancyTerms))


def _salary(problems: ProblemCollector, value: int | None, name: str) -> int | None:
    if value is None:
        return None
    if not 0 < value <= MAX_SALARY:
        problems.add(name, f"greater than 0 and at most {MAX_SALARY}")
        return None
    return value


def check_terms(terms: VacancyTerms) -> VacancyTerms:
    """The terms, normalized (project stripped, skills listed once), or InvalidInput with
    every broken rule."""
    problems = ProblemCollector()
    salary_from = _salary(problems, terms.salary_from, "salary_from")
    salary_to = _salary(problems, terms.salary_to, "salary_to")
    if salary_from is not None and salary_to is not None:
        problems.check(salary_from <= salary_to, "salary_to", "not less than salary_from")
    problems.check(
        MIN_EMPLOYEE_COUNT <= terms.employee_count <= MAX_EMPLOYEE_COUNT,
        "employee_count",
        f"between {MIN_EMPLOYEE_COUNT} and {MAX_EMPLOYEE_COUNT}",
    )
    if terms.deadline is not None:
        problems.check(in_calendar(terms.deadline), "deadline", CALENDAR_SPAN)
    project = terms.project.strip() if terms.project is not None else None
    if project is not None:
        problems.check(
            len(project) <= MAX_PROJECT_LENGTH,
            "project",
            f"at most {MAX_PROJECT_LENGTH} characters",
        )
        problems.check("\x00" not in project, "project", "must not contain NUL characters")
    problems.raise_if_any()
    return replace(terms, project=project or None, skill_ids=tuple(dict.fromkeys(terms.skill_ids)))


@dataclass(slots=True)
class Vacancy:
    """Owns its rules: `0 < salary_from ≤ salary_to`, 1–1000 employees, a project of at most
    500 characters, a skill listed once (all of them on its `terms`, checked as a whole). Every
    change bumps the version."""

    id: UUID
    company_id: UUID
    created_by: UUID
    created_at: datetime
    updated_at: datetime
    terms: VacancyTerms
    deleted_at: datetime | None = None
    version: int = 1

    @classmethod
    def request(
        cls, id: UUID, company_id: UUID, created_by: UUID, terms: VacancyTerms, now: datetime
    ) -> Vacancy:
        """A new vacancy is always a request (status 1), whatever its terms say."""
        return cls(
            id=id,
            company_id=company_id,
            created_by=created_by,
            created_at=now,
            updated_at=now,
            terms=check_terms(replace(terms, status_code=REQUEST_STATUS_CODE)),
        )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def update(self, terms: VacancyTerms, now: datetime) -> None:
        self.terms = check_terms(terms)
        self._touch(now)

    def soft_delete(self, now: datetime) -> None:
        if self.deleted_at is None:
            self.deleted_at = now
        self._touch(now)

    def restore(self, now: datetime) -> None:
        self.deleted_at = None
        self._touch(now)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1
