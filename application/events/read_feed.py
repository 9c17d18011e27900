from __future__ import annotations

import dataclasses

from application.caller import Caller
from application.events.views import EncodedEventPage, EventQuery
from application.ports.events import EventQueries
from domain.identity.permissions import Action, Resource


class ReadEventFeed:
    """Administrators read their company's whole event log, newest first, filtered like a
    history."""

    def __init__(self, queries: EventQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, query: EventQuery) -> EncodedEventPage:
        caller.authorize(Resource.EVENTS, Action.READ)
        return await self._queries.page(caller.company_id, dataclasses.replace(query, entity=None))
