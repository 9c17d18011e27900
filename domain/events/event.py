"""What happened in a company, as the history and the webhooks tell it: one event per change,
written in the transaction of the change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Change:
    """One field's move from `old` to `new`. On a child list (contacts, work places, ...) the
    child is named by `item_id`: an added child has `old` None and its whole state as `new`, a
    removed one the reverse, and a changed one a change per field (`contacts.value`)."""

    field: str
    old: Any = None
    new: Any = None
    item_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class EntityRef:
    type: str  # "candidate", "vacancy", "interview", "user", "department", ...
    id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    id: UUID  # time-ordered (UUIDv7): the order of the log
    company_id: UUID
    type: str  # "<entity>.<what happened>": "candidate.updated", "interview.stage_changed"
    entity: EntityRef
    actor_id: UUID | None  # None: the system or the command line
    occurred_at: datetime
    changes: tuple[Change, ...] = field(default=())
