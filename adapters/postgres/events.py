"""The event log in PostgreSQL: appended in the request's transaction by a function call that
travels with its COMMIT (it runs on every write, where a round trip and a planned statement of
its own would cost more than the database's work on it), read newest first along the indexes
of `events`."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Text, and_, cast, delete, exists, or_, select

from adapters.postgres.session import PgSession
from adapters.postgres.tables import candidates, events, interviews, users, vacancies
from adapters.system import uuid7_floor
from application.events.views import EncodedEventPage, EventQuery, encode_body, with_actor
from application.views import PersonRef
from domain.events.event import EntityRef, Event

# The event, and its delivery to every webhook of the company that collects it (the outbox):
# one call of the function migration 0009 made, whose statements keep their plans.
APPEND_EVENT = "SELECT append_event($1, $2, $3, $4, $5, $6, $7, $8)"
_ENTITY_TABLES = {
    "candidate": candidates,
    "vacancy": vacancies,
    "interview": interviews,
    "user": users,
}
_PAGE_COLUMNS = (
    events.c.id,
    cast(events.c.body, Text).label("body_text"),  # as stored: no decoding to encode again
    users.c.id.label("actor_id"),
    users.c.first_name,
    users.c.last_name,
)
_WITH_ACTORS = events.outerjoin(
    users, and_(users.c.company_id == events.c.company_id, users.c.id == events.c.actor_id)
)


def _conditions(company_id: UUID, query: EventQuery) -> list[Any]:
    where: list[Any] = [events.c.company_id == company_id]
    if query.entity is not None:
        where += [events.c.entity_type == query.entity.type, events.c.entity_id == query.entity.id]
    if query.types:
        exact = [t for t in query.types if not t.endswith(".*")]
        prefixes = [t[:-1] for t in query.types if t.endswith(".*")]
        where.append(
            or_(
                *([events.c.type.in_(exact)] if exact else []),
                *(events.c.type.startswith(prefix, autoescape=True) for prefix in prefixes),
            )
        )
    if query.actor_id is not None:
        where.append(events.c.actor_id == query.actor_id)
    if query.since is not None:
        where.append(events.c.occurred_at >= query.since)
    if query.until is not None:
        where.append(events.c.occurred_at < query.until)
    if query.before is not None:
        where.append(events.c.id < query.before)
    if query.after is not None:
        where.append(events.c.id > query.after)
    return where


def event_arguments(event: Event) -> tuple[Any, ...]:
    """The parameters of `APPEND_EVENT` for the event."""
    return (
        event.id,
        event.company_id,
        event.type,
        event.entity.type,
        event.entity.id,
        event.actor_id,
        event.occurred_at,
        encode_body(event).decode(),
    )


class SqlaEventLog:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def append(self, event: Event) -> None:
        self._session.defer(APPEND_EVENT, *event_arguments(event))

    async def forget_older_than(self, moment: datetime) -> int:
        # Ids are UUIDv7 of the moment they were made: the primary key finds the old ones.
        statement = delete(events).where(
            events.c.id < uuid7_floor(moment), events.c.occurred_at < moment
        )
        return (await self._session.execute(statement)).rowcount


class SqlaEventQueries:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def page(self, company_id: UUID, query: EventQuery) -> EncodedEventPage:
        order = events.c.id.desc() if query.newest_first else events.c.id.asc()
        statement = (
            select(*_PAGE_COLUMNS)
            .select_from(_WITH_ACTORS)
            .where(*_conditions(company_id, query))
            .order_by(order)
            .limit(query.limit + 1)
        )
        rows = (await self._session.read(statement)).all()
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        if not query.newest_first:
            rows.reverse()
        items = [
            with_actor(
                row.body_text.encode(),
                PersonRef(row.actor_id, row.first_name, row.last_name) if row.actor_id else None,
            )
            for row in rows
        ]
        older = rows[-1].id if rows and (more or not query.newest_first) else None
        newer = rows[0].id if rows else query.after
        return EncodedEventPage(items=items, older=older, newer=newer)

    async def has_entity(self, company_id: UUID, entity: EntityRef) -> bool:
        table = _ENTITY_TABLES[entity.type]
        statement = select(
            exists().where(table.c.company_id == company_id, table.c.id == entity.id)
        )
        return bool((await self._session.read(statement)).scalar())
