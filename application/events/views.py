"""How events read: the history of one entity and the company's feed, newest first, paged by
cursors (an event's id) rather than offsets, so a page stays put while new events arrive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from application.events.catalogue import EVENT_TYPES
from application.pagination import DEFAULT_LIMIT, MAX_LIMIT
from application.views import PersonRef
from domain.errors import ProblemCollector
from domain.events.event import Change, EntityRef, Event


class EntityView(msgspec.Struct, frozen=True):
    type: str
    id: UUID


class ChangeView(msgspec.Struct, frozen=True, kw_only=True):
    field: str
    old: Any
    new: Any
    item_id: UUID | None = None  # set on a change of a child list: the child's id


class EventView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    company_id: UUID
    type: str
    entity: EntityView
    actor: PersonRef | None  # None: the system, the command line, or an anonymous sign-in
    occurred_at: datetime
    changes: list[ChangeView]


class EventPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[EventView]
    older: UUID | None  # pass as `before` for the next older page; None: nothing older
    newer: UUID | None  # pass as `after` to see what happened since; None: no events yet


class EncodedEventPage(msgspec.Struct, frozen=True, kw_only=True):
    """An `EventPage` whose events the read model hands over already encoded as JSON."""

    items: list[msgspec.Raw]
    older: UUID | None
    newer: UUID | None

    def decoded(self) -> EventPage:
        items = [msgspec.json.decode(item, type=EventView) for item in self.items]
        return EventPage(items=items, older=self.older, newer=self.newer)


def _change(change: Change) -> dict[str, Any]:
    plain = {"field": change.field, "old": change.old, "new": change.new}
    if change.item_id is not None:  # only where a child is named
        plain["item_id"] = change.item_id
    return plain


def encode_body(event: Event) -> bytes:
    """The stored form of an event: an `EventView` less its actor (see `with_actor`)."""
    return msgspec.json.encode(
        {
            "id": event.id,
            "company_id": event.company_id,
            "type": event.type,
            "entity": {"type": event.entity.type, "id": event.entity.id},
            "occurred_at": event.occurred_at,
            "changes": [_change(change) for change in event.changes],
        }
    )


_NO_ACTOR = b'{"actor":null,'


def with_actor(body: bytes, actor: PersonRef | None) -> msgspec.Raw:
    """The stored body with the actor as they are named now: an encoded `EventView`."""
    head = _NO_ACTOR if actor is None else b'{"actor":' + msgspec.json.encode(actor) + b","
    return msgspec.Raw(head + body[1:])


def _type_filter(raw: str, problems: ProblemCollector) -> str | None:
    """A known type, or `<entity>.*` for all of an entity's types."""
    if raw.endswith(".*"):
        entity = raw.removesuffix(".*")
        if any(known.entity == entity for known in EVENT_TYPES.values()):
            return raw
    elif raw in EVENT_TYPES:
        return raw
    problems.add("type", f"{raw!r} is not an event type (see the catalogue) nor '<entity>.*'")
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventQuery:
    """Which events, and which page of them. `before` / `after` are event ids (exclusive);
    with `after` the page holds the events right after it (still listed newest first)."""

    entity: EntityRef | None = None
    types: tuple[str, ...] = ()
    actor_id: UUID | None = None
    since: datetime | None = None  # `from`, inclusive
    until: datetime | None = None  # `to`, exclusive
    before: UUID | None = None
    after: UUID | None = None
    limit: int = DEFAULT_LIMIT

    @classmethod
    def checked(cls, *, types: Sequence[str] = (), **fields: Any) -> EventQuery:
        """The query, or InvalidInput naming every bad filter."""
        problems = ProblemCollector()
        limit = fields.get("limit", DEFAULT_LIMIT)
        if not 1 <= limit <= MAX_LIMIT:
            problems.add("limit", f"between 1 and {MAX_LIMIT}")
        since, until = fields.get("since"), fields.get("until")
        if since is not None and until is not None and since >= until:
            problems.add("to", "must be later than from")
        kept = tuple(t for t in (_type_filter(raw, problems) for raw in types) if t is not None)
        problems.raise_if_any()
        return cls(types=kept, **fields)

    @property
    def newest_first(self) -> bool:
        return self.after is None
