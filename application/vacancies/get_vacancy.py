from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.for_change import found
from application.ports.vacancies import VacancyQueries
from application.vacancies.views import VacancyView
from domain.identity.permissions import Action, Resource


class GetVacancy:
    """Admins, managers, recruiters and customers read a live vacancy of their company."""

    def __init__(self, queries: VacancyQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, vacancy_id: UUID) -> VacancyView:
        caller.authorize(Resource.VACANCIES, Action.READ)
        return found(await self._queries.get(caller.company_id, vacancy_id), "vacancy")
