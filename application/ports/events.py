from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.events.views import EncodedEventPage, EventQuery
from domain.events.event import EntityRef, Event


class EventLog(Protocol):
    """The company's event log. An event is written in the transaction of its change, so the
    log holds exactly the changes that were committed."""

    async def append(self, event: Event) -> None: ...

    async def forget_older_than(self, moment: datetime) -> int:
        """Delete every event of every company that occurred before `moment`; how many went."""
        ...


class EventQueries(Protocol):
    async def page(self, company_id: UUID, query: EventQuery) -> EncodedEventPage:
        """The events of the query, newest first, one page of them."""
        ...

    async def has_entity(self, company_id: UUID, entity: EntityRef) -> bool:
        """Whether the company has (or had: soft-deleted rows count) this entity."""
        ...
