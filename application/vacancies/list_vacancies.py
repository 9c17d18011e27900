from __future__ import annotations

from dataclasses import dataclass, field

from application.caller import Caller
from application.pagination import Page, Sort
from application.ports.vacancies import VacancyQueries
from application.vacancies.views import (
    DEFAULT_VACANCY_SORT,
    VACANCY_SORTS,
    VacancyFilters,
    VacancyList,
)
from domain.errors import ProblemCollector
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True, kw_only=True)
class ListVacanciesRequest:
    filters: VacancyFilters = field(default_factory=VacancyFilters)
    sort: str | None = None  # `field` or `-field`; default `-created_at`
    limit: int = 50
    offset: int = 0


class ListVacancies:
    """Admins, managers, recruiters and customers list the live vacancies of their company,
    filtered, sorted (ties by id) and paged, with the total number of matches."""

    def __init__(self, queries: VacancyQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, request: ListVacanciesRequest) -> VacancyList:
        caller.authorize(Resource.VACANCIES, Action.READ)
        page = Page(request.limit, request.offset)
        sort = Sort.parse(request.sort, VACANCY_SORTS, DEFAULT_VACANCY_SORT)
        _check_ranges(request.filters)
        return await self._queries.list(caller.company_id, request.filters, page, sort)


def _check_ranges(filters: VacancyFilters) -> None:
    problems = ProblemCollector()
    for low, high, name in (
        (filters.salary_from, filters.salary_to, "salary_to"),
        (filters.created_from, filters.created_to, "created_to"),
        (filters.deadline_from, filters.deadline_to, "deadline_to"),
    ):
        if low is not None and high is not None and low > high:  # type: ignore[operator]
            problems.add(name, "not before its lower bound")
    problems.raise_if_any()
