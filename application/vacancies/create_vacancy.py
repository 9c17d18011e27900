from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from application.caller import Caller
from application.errors import NotFound
from application.events.recorder import EventRecorder
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from application.ports.vacancies import VacancyQueries, VacancyRepository
from application.vacancies.references import SkillInput, VacancyReferences
from application.vacancies.views import VacancyView
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.permissions import Action, Resource
from domain.vacancies.vacancy import TERM_FIELDS, Vacancy, VacancyTerms, check_terms


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateVacancyRequest:
    position_id: UUID
    department_id: UUID
    priority_code: int
    employee_count: int
    grade_id: UUID | None = None
    salary_from: int | None = None
    salary_to: int | None = None
    deadline: date | None = None
    address_code: int | None = None
    project: str | None = None
    recruiter_id: UUID | None = None
    skills: tuple[SkillInput, ...] = ()


class CreateVacancy:
    """Admins, managers, recruiters and customers (the hiring side files a request) open a
    vacancy in their company. It always starts as a request (status 1), whoever creates it;
    every id and code it names must be usable in the company, and skills named for the first
    time join the company's dictionary in the same transaction."""

    def __init__(
        self,
        vacancies: VacancyRepository,
        queries: VacancyQueries,
        references: VacancyReferences,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._vacancies = vacancies
        self._queries = queries
        self._references = references
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: CreateVacancyRequest) -> VacancyView:
        caller.authorize(Resource.VACANCIES, Action.CREATE)
        terms = VacancyTerms(
            **{name: getattr(request, name) for name in TERM_FIELDS if hasattr(request, name)}
        )
        problems = ProblemCollector()
        try:
            check_terms(terms)
        except InvalidInput as error:
            problems.absorb(error)
        await self._references.check(caller.company_id, terms, problems)
        plan = await self._references.plan_skills(caller.company_id, request.skills, problems)
        problems.raise_if_any()

        skill_ids = await self._references.store_skills(caller, plan)
        vacancy = Vacancy.request(
            self._ids.new_id(),
            caller.company_id,
            caller.user_id,
            replace(terms, skill_ids=skill_ids),
            self._clock.now(),
        )
        await self._vacancies.add(vacancy)
        await self._events.created(caller, vacancy)
        view = await self._queries.get(caller.company_id, vacancy.id)
        if view is None:
            raise NotFound("the vacancy vanished while it was being created")
        await self._uow.commit()
        return view
