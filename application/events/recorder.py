"""Writing events from the use cases: who did what to which entity, and what changed.

The recorder builds the event (id, time, actor) and appends it through the event log port in
the use case's own transaction, before the commit: a change that rolls back takes its event
with it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from application.events.catalogue import EVENT_TYPES
from application.ports.events import EventLog
from application.ports.system import Clock, IdGenerator
from domain.events.changes import State, created, diff, state
from domain.events.event import Change, EntityRef, Event


class Actor(Protocol):
    """Who acts, in which company: a signed-in caller, or `Nobody` (system, CLI, anonymous)."""

    @property
    def company_id(self) -> UUID: ...

    @property
    def user_id(self) -> UUID | None: ...


@dataclass(frozen=True, slots=True)
class Nobody:
    company_id: UUID
    user_id: None = None


# What of each aggregate an event shows besides its plain fields.
_CHILD_LISTS = {"candidate": ("contacts", "work_places", "languages", "notes")}
_LEFT_OUT = {
    "user": ("logged_in_at", "must_change_password"),
    "skill": ("normalized_name",),
    "interview": ("stage_entered_at",),
    **{kind: ("kind",) for kind in ("department", "position", "grade")},
}


def snapshot(entity: Any) -> State:
    """The entity's state as events show it."""
    entity_type = entity_type_of(entity)
    return state(
        entity,
        children=_CHILD_LISTS.get(entity_type, ()),
        omit=_LEFT_OUT.get(entity_type, ()),
    )


class EventRecorder:
    def __init__(self, log: EventLog, clock: Clock, ids: IdGenerator) -> None:
        self._log = log
        self._clock = clock
        self._ids = ids

    async def record(
        self, actor: Actor, type: str, entity_id: UUID, changes: Iterable[Change] = ()
    ) -> UUID:
        """Append the event; its id."""
        known = EVENT_TYPES.get(type)
        if known is None:
            raise ValueError(f"{type!r} is not in the event catalogue")
        event_id = self._ids.new_id()
        await self._log.append(
            Event(
                id=event_id,
                company_id=actor.company_id,
                type=type,
                entity=EntityRef(known.entity, entity_id),
                actor_id=actor.user_id,
                occurred_at=self._clock.now(),
                changes=tuple(changes),
            )
        )
        return event_id

    async def created(self, actor: Actor, entity: Any) -> None:
        """`<entity>.created` with the entity's whole state."""
        changes = created(snapshot(entity))
        await self.record(actor, f"{entity_type_of(entity)}.created", entity.id, changes)

    async def changed(self, actor: Actor, type: str, entity: Any, before: State) -> bool:
        """`type` with the diff from `before` to the entity's state now; nothing when nothing
        changed. Whether an event was written."""
        changes = diff(before, snapshot(entity))
        if not changes:
            return False
        await self.record(actor, type, entity.id, changes)
        return True


def entity_type_of(entity: Any) -> str:
    kind = getattr(entity, "kind", None)  # an organisation unit says which one it is
    return kind.value if kind is not None else type(entity).__name__.lower()
