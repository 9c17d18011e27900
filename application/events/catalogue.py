"""Every event type Gefest writes, with what its `changes` hold. The README's catalogue and the
OpenAPI schema are generated from this table, and the recorder refuses a type missing here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventType:
    entity: str
    changes: str


_CREATED = "the created state: a change from null for every field that has a value"
_UPDATED = "a change per field that changed; child lists by child id (added, removed, changed)"
_DELETED = "none: the entity is deleted (a candidate, vacancy or interview keeps its data)"
_RESTORED = "none: the entity is live again, exactly as it was"


def _lifecycle(entity: str, *, update: str | None = "updated", restore: bool = True) -> dict:
    types = {f"{entity}.created": EventType(entity, _CREATED)}
    if update:
        types[f"{entity}.{update}"] = EventType(entity, _UPDATED)
    types[f"{entity}.deleted"] = EventType(entity, _DELETED)
    if restore:
        types[f"{entity}.restored"] = EventType(entity, _RESTORED)
    return types


EVENT_TYPES: dict[str, EventType] = {
    "company.created": EventType("company", _CREATED),
    "user.created": EventType("user", _CREATED + " (never the password)"),
    "user.updated": EventType("user", _UPDATED + " (a new password: user.password_changed)"),
    "user.deactivated": EventType(
        "user", "is_active (true -> false): the user can no longer sign in"
    ),
    "user.password_changed": EventType("user", "none: a password is never written to an event"),
    "user.login_failed": EventType(
        "user", "failed_login_count (old, new); the actor is null: nobody proved who they were"
    ),
    "user.blocked": EventType(
        "user", "is_blocked (false -> true), after the failed logins that blocked the account"
    ),
    "user.unblocked": EventType("user", "is_blocked (true -> false), failed_login_count reset"),
    "user.signed_out_everywhere": EventType("user", "none: every session of the user ended"),
    **_lifecycle("department", update="renamed", restore=False),
    **_lifecycle("position", update="renamed", restore=False),
    **_lifecycle("grade", update="renamed", restore=False),
    **_lifecycle("skill", update=None, restore=False),
    **_lifecycle("candidate"),
    "candidate.note_added": EventType("candidate", "notes: the added note (item_id: its id)"),
    **_lifecycle("vacancy"),
    **_lifecycle("interview", update=None),
    "interview.stage_changed": EventType(
        "interview",
        "stage_code (old, new), and stage_results: the added stage result (note, time spent)",
    ),
    "webhook.created": EventType("webhook", _CREATED + " (never the secret)"),
    "webhook.updated": EventType("webhook", _UPDATED),
    "webhook.deleted": EventType("webhook", "none: the webhook and its deliveries are gone"),
    "webhook.disabled": EventType(
        "webhook", "is_active, disabled_reason: the server switched it off (a day of failures)"
    ),
    "webhook.pinged": EventType("webhook", "none: a test delivery of this event is queued"),
    "webhook.redelivered": EventType(
        "webhook", "deliveries: the new delivery (item_id) of the event sent again"
    ),
    "interview.stage_result_deleted": EventType(
        "interview", "stage_results: the removed stage result (item_id: its id)"
    ),
}
