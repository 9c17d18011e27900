from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.errors import NotFound
from application.events.recorder import EventRecorder
from application.for_change import for_change
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from application.ports.vacancies import VacancyQueries, VacancyRepository
from application.vacancies.views import VacancyView
from domain.identity.permissions import Action, Resource


class RestoreVacancy:
    """Admins, managers and recruiters bring a soft-deleted vacancy of their company back, as
    it was. Restoring a live vacancy changes nothing."""

    def __init__(
        self,
        vacancies: VacancyRepository,
        queries: VacancyQueries,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._vacancies = vacancies
        self._queries = queries
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, vacancy_id: UUID) -> VacancyView:
        caller.authorize(Resource.VACANCIES, Action.DELETE)  # who may delete may undo it
        vacancy = await for_change(
            self._vacancies.get(
                caller.company_id, vacancy_id, include_deleted=True, for_update=True
            ),
            "vacancy",
        )
        if vacancy.is_deleted:
            version = vacancy.version
            vacancy.restore(self._clock.now())
            await self._vacancies.save(vacancy, expected_version=version)
            await self._events.record(caller, "vacancy.restored", vacancy.id)
        view = await self._queries.get(caller.company_id, vacancy_id)
        if view is None:
            raise NotFound("no such vacancy")
        await self._uow.commit()
        return view
