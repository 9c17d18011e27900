from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.events.recorder import EventRecorder
from application.for_change import for_change
from application.ports.organisation import OrgUnitRepository
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource
from domain.organisation.org_unit import OrgKind


@dataclass(frozen=True, slots=True)
class DeleteOrgUnitRequest:
    kind: OrgKind
    unit_id: UUID
    expected_version: int | None = None  # from If-Match; None: delete whatever is there


class DeleteOrgUnit:
    """Admins and managers delete a department, position or grade of their company, but only
    while no user, candidate or vacancy points at it (InUse). A stale `expected_version`
    deletes nothing (PreconditionFailed)."""

    def __init__(self, units: OrgUnitRepository, events: EventRecorder, uow: UnitOfWork) -> None:
        self._units = units
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: DeleteOrgUnitRequest) -> None:
        caller.authorize(Resource.ORGANISATION, Action.DELETE)
        unit = await for_change(
            self._units.get(caller.company_id, request.kind, request.unit_id, for_update=True),
            request.kind.value,
            request.expected_version,
        )
        await self._units.delete(unit)  # raises unless the unit is really gone
        await self._events.record(caller, f"{unit.kind.value}.deleted", unit.id)
        await self._uow.commit()
