"""Field-level diffs of aggregates, for the event log.

An aggregate's `state` is its fields as plain values: bookkeeping (company, version, times) and
secrets left out, a value object it holds once (a vacancy's terms) flattened into its fields,
and a child list keyed by child id. `diff` compares two states field by field and child by
child, so an edit of one contact reads as that contact's one field, not as a new list."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any
from uuid import UUID

from domain.events.event import Change

# Never part of an event, whatever the aggregate: a password, its hash, a token or a secret.
SECRET_WORDS = ("password", "hash", "token", "secret")
BOOKKEEPING = frozenset(
    {"company_id", "version", "created_at", "updated_at", "deleted_at", "created_by", "id"}
)

State = dict[str, Any]


def is_secret(name: str) -> bool:
    return any(word in name for word in SECRET_WORDS)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _child(child: Any) -> State:
    return {
        item.name: _plain(getattr(child, item.name))
        for item in dataclasses.fields(child)
        if item.name not in BOOKKEEPING and not is_secret(item.name)
    }


def state(entity: Any, *, children: Iterable[str] = (), omit: Iterable[str] = ()) -> State:
    """The entity's fields as plain values; the lists named in `children` (of entities with
    an `id`) as {child id: child state}."""
    left_out, child_lists = BOOKKEEPING | frozenset(omit), frozenset(children)
    values: State = {}
    for item in dataclasses.fields(entity):
        name = item.name
        if name in left_out or is_secret(name):
            continue
        value = getattr(entity, name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            values.update(state(value, omit=omit))  # a value object held once: its fields
        elif name in child_lists:
            values[name] = {child.id: _child(child) for child in value}
        elif isinstance(value, list):
            values[name] = [_plain(item) for item in value]
        else:
            values[name] = _plain(value)
    return values


def _child_changes(name: str, old: Mapping[UUID, State], new: Mapping[UUID, State]) -> list[Change]:
    changes: list[Change] = []
    for child_id, child in new.items():
        before = old.get(child_id)
        if before is None:
            changes.append(Change(name, None, child, child_id))
            continue
        for key, value in child.items():
            if before.get(key) != value:
                changes.append(Change(f"{name}.{key}", before.get(key), value, child_id))
    changes.extend(
        Change(name, child, None, child_id)
        for child_id, child in old.items()
        if child_id not in new
    )
    return changes


def diff(before: State, after: State) -> tuple[Change, ...]:
    """Every field whose value differs, in the order of `after` (then fields that went away)."""
    changes: list[Change] = []
    for name, value in after.items():
        old = before.get(name)
        if isinstance(value, dict) or isinstance(old, dict):
            changes.extend(_child_changes(name, old or {}, value or {}))
        elif old != value:
            changes.append(Change(name, old, value))
    changes.extend(Change(name, before[name], None) for name in before if name not in after)
    return tuple(changes)


def created(after: State) -> tuple[Change, ...]:
    """The state of something new, as changes from nothing (empty fields left out)."""
    return diff({}, {name: value for name, value in after.items() if value not in (None, [], {})})
