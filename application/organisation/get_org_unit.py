from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.for_change import found
from application.organisation.views import OrgUnitView
from application.ports.organisation import OrgUnitQueries
from domain.identity.permissions import Action, Resource
from domain.organisation.org_unit import OrgKind


@dataclass(frozen=True, slots=True)
class GetOrgUnitRequest:
    kind: OrgKind
    unit_id: UUID


class GetOrgUnit:
    """Every role may read one department, position or grade of their own company."""

    def __init__(self, queries: OrgUnitQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, request: GetOrgUnitRequest) -> OrgUnitView:
        caller.authorize(Resource.ORGANISATION, Action.READ)
        return found(
            await self._queries.get(caller.company_id, request.kind, request.unit_id),
            request.kind.value,
        )
