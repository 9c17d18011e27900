"""The event log of the in-memory adapters, for use-case tests: a recorder to hand a use case,
and what it wrote."""

from __future__ import annotations

from typing import Any

from adapters.memory.events import InMemoryEventLog
from adapters.memory.store import InMemoryStore
from application.events.recorder import EventRecorder
from application.ports.system import Clock, IdGenerator
from domain.events.event import Event


def recorder(store: InMemoryStore, clock: Clock, ids: IdGenerator) -> EventRecorder:
    return EventRecorder(InMemoryEventLog(store), clock, ids)


def events_of(store: InMemoryStore) -> list[Event]:
    """Every committed-or-pending event of the store, oldest first."""
    return InMemoryEventLog(store).all()


def changes_of(event: Event) -> dict[str, Any]:
    """An event's changes as {field: (old, new)} (child changes keyed `field[item_id]`)."""
    return {
        (f"{change.field}[{change.item_id}]" if change.item_id else change.field): (
            change.old,
            change.new,
        )
        for change in event.changes
    }
