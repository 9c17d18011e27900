"""The events each operation writes, in the published schema: `x-events` on the operation (the
generated API test holds every operation to it) and a line of its description; and the event
catalogue as the description of the `events` tag."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from litestar import Litestar
from litestar.openapi.spec import Operation, Tag

from application.events.catalogue import EVENT_TYPES

# operationId -> the event types it may write (a write that changes nothing writes none).
OPERATION_EVENTS: dict[str, tuple[str, ...]] = {
    "login": ("user.login_failed", "user.blocked"),  # a wrong password; a right one: none
    "logout": (),  # a session ends; the account does not change
    "refreshSession": (),
    "logoutEverywhere": ("user.signed_out_everywhere",),
    "changePassword": ("user.password_changed",),
    "createUser": ("user.created",),
    "updateUser": ("user.updated", "user.password_changed"),
    "deactivateUser": ("user.deactivated",),
    "unblockUser": ("user.unblocked",),
    **{
        f"{verb}{kind.title()}": (f"{kind}.{event}",)
        for kind in ("department", "position", "grade")
        for verb, event in (("create", "created"), ("rename", "renamed"), ("delete", "deleted"))
    },
    "createSkill": ("skill.created",),
    "deleteSkill": ("skill.deleted",),
    "createCandidate": ("candidate.created", "skill.created"),
    "updateCandidate": ("candidate.updated", "skill.created"),
    "addCandidateNote": ("candidate.note_added",),
    "deleteCandidate": ("candidate.deleted",),
    "restoreCandidate": ("candidate.restored",),
    "createVacancy": ("vacancy.created", "skill.created"),
    "updateVacancy": ("vacancy.updated", "skill.created"),
    "deleteVacancy": ("vacancy.deleted",),
    "restoreVacancy": ("vacancy.restored",),
    "startInterview": ("interview.created",),
    "moveInterviewStage": ("interview.stage_changed",),
    "deleteStageResult": ("interview.stage_result_deleted",),
    "deleteInterview": ("interview.deleted",),
    "restoreInterview": ("interview.restored",),
    "createWebhook": ("webhook.created",),
    "updateWebhook": ("webhook.updated",),
    "deleteWebhook": ("webhook.deleted",),
    "redeliverWebhook": ("webhook.redelivered",),
    "pingWebhook": ("webhook.pinged",),
}
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class _OperationWithEvents(Operation):
    events: list[str] | None = field(default=None, metadata={"alias": "x-events"})


def catalogue_markdown() -> str:
    rows = "\n".join(
        f"| `{name}` | {kind.entity} | {kind.changes} |" for name, kind in EVENT_TYPES.items()
    )
    return (
        "What happened in the company, newest first. Every committed change writes one event "
        "in its own transaction: `{id, company_id, type, entity {type, id}, actor {id, "
        "first_name, last_name} | null, occurred_at, changes [{field, old, new, item_id?}]}`. "
        "Passwords, hashes and tokens never appear.\n\n"
        "| Type | Entity | Changes |\n|---|---|---|\n" + rows
    )


def document_events(app: Litestar) -> None:
    schema = app.openapi_schema
    schema.tags = [*(schema.tags or []), Tag(name="events", description=catalogue_markdown())]
    for item in (schema.paths or {}).values():
        for method in WRITE_METHODS:
            operation = getattr(item, method, None)
            if not isinstance(operation, Operation) or operation.operation_id is None:
                continue
            events = OPERATION_EVENTS.get(operation.operation_id)
            if events is None:
                continue
            values = {f.name: getattr(operation, f.name) for f in dataclasses.fields(Operation)}
            if events:
                listed = ", ".join(f"`{name}`" for name in events)
                values["description"] = f"{values['description'] or ''}\n\nEvents: {listed}."
            setattr(item, method, _OperationWithEvents(**values, events=list(events)))
