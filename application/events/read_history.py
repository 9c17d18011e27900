from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from application.caller import Caller
from application.errors import NotFound
from application.events.views import EncodedEventPage, EventQuery
from application.ports.events import EventQueries
from domain.events.event import EntityRef
from domain.identity.permissions import Action, Resource

# Who may read an entity's history: whoever may read the entity.
HISTORY_RESOURCES = {
    "candidate": Resource.CANDIDATES,
    "vacancy": Resource.VACANCIES,
    "interview": Resource.INTERVIEWS,
    "user": Resource.USERS,
}


@dataclass(frozen=True, slots=True)
class ReadHistoryRequest:
    entity: EntityRef
    query: EventQuery


class ReadHistory:
    """The events of one candidate, vacancy, interview or user of the caller's company, newest
    first, for whoever may read that entity. A soft-deleted entity keeps its history and it
    stays readable; an entity the company never had is NotFound."""

    def __init__(self, queries: EventQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, request: ReadHistoryRequest) -> EncodedEventPage:
        caller.authorize(HISTORY_RESOURCES[request.entity.type], Action.READ)
        if not await self._queries.has_entity(caller.company_id, request.entity):
            raise NotFound(f"no such {request.entity.type}")
        query = dataclasses.replace(request.query, entity=request.entity)
        return await self._queries.page(caller.company_id, query)
