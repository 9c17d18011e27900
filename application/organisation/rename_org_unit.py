from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.events.recorder import EventRecorder, snapshot
from application.for_change import for_change
from application.organisation.views import OrgUnitView
from application.ports.organisation import OrgUnitRepository
from application.ports.search_index import SearchIndex
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource
from domain.organisation.org_unit import OrgKind


@dataclass(frozen=True, slots=True)
class RenameOrgUnitRequest:
    kind: OrgKind
    unit_id: UUID
    name: str | None = None  # None: nothing to change (a PATCH without `name`)
    expected_version: int | None = None  # from If-Match; None: last writer wins


class RenameOrgUnit:
    """Admins and managers rename a department, position or grade of their company. A stale
    `expected_version` changes nothing (PreconditionFailed); the new name must be free in the
    company (AlreadyExists). Renaming to the same name changes nothing, version included. Lists
    that search by the unit's name (vacancies by position and department) find it by the new
    name, and no longer by the old one, from the moment the rename commits."""

    def __init__(
        self,
        units: OrgUnitRepository,
        search: SearchIndex,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._units = units
        self._search = search
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: RenameOrgUnitRequest) -> OrgUnitView:
        caller.authorize(Resource.ORGANISATION, Action.UPDATE)
        unit = await for_change(
            self._units.get(caller.company_id, request.kind, request.unit_id, for_update=True),
            request.kind.value,
            request.expected_version,
        )
        version, before = unit.version, snapshot(unit)
        if request.name is not None and unit.rename(request.name, self._clock.now()):
            await self._units.save(unit, expected_version=version)
            await self._search.org_unit_renamed(unit.company_id, unit.kind, unit.id)
            await self._events.changed(caller, f"{unit.kind.value}.renamed", unit, before)
            await self._uow.commit()
        return OrgUnitView.of(unit)
