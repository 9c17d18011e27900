from __future__ import annotations

from dataclasses import dataclass

from application.caller import Caller
from application.events.recorder import EventRecorder
from application.organisation.views import OrgUnitView
from application.ports.organisation import OrgUnitRepository
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource
from domain.organisation.org_unit import OrgKind, OrgUnit


@dataclass(frozen=True, slots=True)
class CreateOrgUnitRequest:
    kind: OrgKind
    name: str


class CreateOrgUnit:
    """Admins and managers add a department, position or grade to their company. The name is
    unique per company and kind, case-insensitively (AlreadyExists otherwise), also under a
    concurrent create of the same name."""

    def __init__(
        self,
        units: OrgUnitRepository,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._units = units
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: CreateOrgUnitRequest) -> OrgUnitView:
        caller.authorize(Resource.ORGANISATION, Action.CREATE)
        unit = OrgUnit.create(
            self._ids.new_id(), caller.company_id, request.kind, request.name, self._clock.now()
        )
        await self._units.add(unit)
        await self._events.created(caller, unit)
        await self._uow.commit()
        return OrgUnitView.of(unit)
