from __future__ import annotations

from datetime import datetime
from uuid import UUID

from adapters.memory.store import InMemoryStore
from adapters.memory.webhooks import fan_out
from application.events.views import EncodedEventPage, EventQuery, encode_body, with_actor
from application.views import PersonRef
from domain.events.event import EntityRef, Event

# Where each entity with a history lives in the store.
_ENTITY_TABLES = {"candidate": "candidates", "vacancy": "vacancies", "interview": "interviews"}


class InMemoryEventLog:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def append(self, event: Event) -> None:
        self._store.table("events")[event.id] = event
        fan_out(self._store, event)

    async def forget_older_than(self, moment: datetime) -> int:
        table = self._store.table("events")
        old = [event.id for event in table.values() if event.occurred_at < moment]
        for event_id in old:
            del table[event_id]
        return len(old)

    def all(self) -> list[Event]:
        """Every event, oldest first (for tests)."""
        return sorted(self._store.table("events").values(), key=lambda event: event.id)


def _matches(event: Event, company_id: UUID, query: EventQuery) -> bool:
    if event.company_id != company_id or (query.entity and event.entity != query.entity):
        return False
    if query.types and not any(
        event.type == wanted or (wanted.endswith(".*") and event.type.startswith(wanted[:-1]))
        for wanted in query.types
    ):
        return False
    return (
        (query.actor_id is None or event.actor_id == query.actor_id)
        and (query.since is None or event.occurred_at >= query.since)
        and (query.until is None or event.occurred_at < query.until)
        and (query.before is None or event.id < query.before)
        and (query.after is None or event.id > query.after)
    )


class InMemoryEventQueries:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def page(self, company_id: UUID, query: EventQuery) -> EncodedEventPage:
        found = sorted(
            (e for e in self._store.table("events").values() if _matches(e, company_id, query)),
            key=lambda event: event.id,
            reverse=query.newest_first,
        )
        window = found[: query.limit]
        more = len(found) > query.limit
        if not query.newest_first:
            window.reverse()
        items = [with_actor(encode_body(event), self._actor(event)) for event in window]
        older = window[-1].id if window and (more or not query.newest_first) else None
        newer = window[0].id if window else query.after
        return EncodedEventPage(items=items, older=older, newer=newer)

    async def has_entity(self, company_id: UUID, entity: EntityRef) -> bool:
        if entity.type == "user":
            row = self._store.users.get(entity.id)
        else:
            row = self._store.table(_ENTITY_TABLES[entity.type]).get(entity.id)
        return row is not None and row.company_id == company_id

    def _actor(self, event: Event) -> PersonRef | None:
        user = self._store.users.get(event.actor_id) if event.actor_id else None
        return PersonRef(user.id, user.first_name, user.last_name) if user else None
