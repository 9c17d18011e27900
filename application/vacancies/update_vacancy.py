from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from application.caller import Caller
from application.errors import NotFound
from application.events.recorder import EventRecorder, snapshot
from application.for_change import for_change
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from application.ports.vacancies import VacancyQueries, VacancyRepository
from application.vacancies.references import SkillInput, VacancyReferences
from application.vacancies.views import VacancyView
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.permissions import Action, Resource
from domain.vacancies.vacancy import check_terms


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateVacancyRequest:
    """A partial update: an UNSET field stays as it is, None clears a nullable one."""

    vacancy_id: UUID
    expected_version: int | None = None  # from If-Match; None: last writer wins
    position_id: UUID | UnsetType = UNSET
    department_id: UUID | UnsetType = UNSET
    priority_code: int | UnsetType = UNSET
    status_code: int | UnsetType = UNSET
    employee_count: int | UnsetType = UNSET
    grade_id: UUID | UnsetType | None = UNSET
    salary_from: int | UnsetType | None = UNSET
    salary_to: int | UnsetType | None = UNSET
    deadline: date | UnsetType | None = UNSET
    address_code: int | UnsetType | None = UNSET
    project: str | UnsetType | None = UNSET
    recruiter_id: UUID | UnsetType | None = UNSET
    skills: tuple[SkillInput, ...] | UnsetType = UNSET  # the whole new list


_NOT_TERMS = frozenset({"vacancy_id", "expected_version", "skills"})


def _changes(request: UpdateVacancyRequest) -> dict[str, Any]:
    return {
        f.name: getattr(request, f.name)
        for f in fields(request)
        if f.name not in _NOT_TERMS and getattr(request, f.name) is not msgspec.UNSET
    }


class UpdateVacancy:
    """Admins, managers and recruiters change a live vacancy of their company, status
    included; customers, who may only file requests, cannot. Skills are replaced as a whole
    list. What a change points at must be usable in the company (fields left as they are are
    not re-checked). A stale `expected_version` changes nothing (PreconditionFailed)."""

    def __init__(
        self,
        vacancies: VacancyRepository,
        queries: VacancyQueries,
        references: VacancyReferences,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._vacancies = vacancies
        self._queries = queries
        self._references = references
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: UpdateVacancyRequest) -> VacancyView:
        caller.authorize(Resource.VACANCIES, Action.UPDATE)
        vacancy = await for_change(
            self._vacancies.get(caller.company_id, request.vacancy_id, for_update=True),
            "vacancy",
            request.expected_version,
        )

        changes = _changes(request)
        terms = replace(vacancy.terms, **changes)
        changed = frozenset(
            name for name, value in changes.items() if value != getattr(vacancy.terms, name)
        )
        problems = ProblemCollector()
        try:
            check_terms(terms)
        except InvalidInput as error:
            problems.absorb(error)
        await self._references.check(caller.company_id, terms, problems, fields=changed)
        plan = None
        if not isinstance(request.skills, UnsetType):
            plan = await self._references.plan_skills(caller.company_id, request.skills, problems)
        problems.raise_if_any()

        if plan is not None:
            terms = replace(terms, skill_ids=await self._references.store_skills(caller, plan))
        version, before = vacancy.version, snapshot(vacancy)
        vacancy.update(terms, self._clock.now())
        await self._vacancies.save(vacancy, expected_version=version)
        await self._events.changed(caller, "vacancy.updated", vacancy, before)
        view = await self._queries.get(caller.company_id, vacancy.id)
        if view is None:
            raise NotFound("no such vacancy")
        await self._uow.commit()
        return view
