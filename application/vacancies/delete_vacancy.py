from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.events.recorder import EventRecorder
from application.for_change import for_change
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from application.ports.vacancies import VacancyRepository
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True)
class DeleteVacancyRequest:
    vacancy_id: UUID
    expected_version: int | None = None  # from If-Match; None: delete whatever is there


class DeleteVacancy:
    """Admins, managers and recruiters soft-delete a vacancy of their company: it leaves lists
    and reads (its interviews with it) until restored; nothing is erased. A stale
    `expected_version` changes nothing (PreconditionFailed)."""

    def __init__(
        self,
        vacancies: VacancyRepository,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._vacancies = vacancies
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: DeleteVacancyRequest) -> None:
        caller.authorize(Resource.VACANCIES, Action.DELETE)
        vacancy = await for_change(
            self._vacancies.get(caller.company_id, request.vacancy_id, for_update=True),
            "vacancy",
            request.expected_version,
        )
        version = vacancy.version
        vacancy.soft_delete(self._clock.now())
        await self._vacancies.save(vacancy, expected_version=version)
        await self._events.record(caller, "vacancy.deleted", vacancy.id)
        await self._uow.commit()
