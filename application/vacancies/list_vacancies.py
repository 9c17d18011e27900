from __future__ import annotations

from application.caller import Caller
from application.listing import ListRequest
from application.ports.vacancies import VacancyQueries
from application.vacancies.views import (
    DEFAULT_VACANCY_SORT,
    VACANCY_SORTS,
    VacancyFilters,
    VacancyList,
)
from domain.identity.permissions import Action, Resource


class ListVacancies:
    """Admins, managers, recruiters and customers list the live vacancies of their company,
    filtered, sorted (ties by id) and paged, with the total number of matches."""

    def __init__(self, queries: VacancyQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, request: ListRequest[VacancyFilters]) -> VacancyList:
        caller.authorize(Resource.VACANCIES, Action.READ)
        filters, page, order = request.checked(VACANCY_SORTS, DEFAULT_VACANCY_SORT)
        return await self._queries.list(caller.company_id, filters, page, order)
