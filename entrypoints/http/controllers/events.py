"""Reading the event log: an entity's history (`GET /candidates/{id}/history`, and the same
for vacancies, interviews and users) and the company's feed (`GET /events`, administrators)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, QueryParameter

from application.caller import Caller
from application.events.catalogue import EVENT_TYPES
from application.events.read_feed import ReadEventFeed
from application.events.read_history import ReadHistory, ReadHistoryRequest
from application.events.views import EncodedEventPage, EventPage, EventQuery
from domain.errors import InvalidInput
from domain.events.event import EntityRef
from entrypoints.http.envelope import error_responses
from entrypoints.http.paging import Limit

MAX_TYPE_FILTERS = 20

_CURSOR = "An event id (exclusive): the `older` or `newer` of a page"


_LONGEST_INSTANT = 40


def _instant(name: str, description: str) -> QueryParameter:
    return QueryParameter(
        name=name,
        description=f"{description} (RFC 3339, with a time zone)",
        schema_extra={"format": "date-time"},
    )


def _parsed(name: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if len(value) <= _LONGEST_INSTANT else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput.single(name, "an instant with a time zone: 2026-12-07T10:00:00Z")
    return moment


# What `type` may be, so the schema lists it: a type of the catalogue, or all of an entity's.
EVENT_TYPE_FILTERS = (
    *EVENT_TYPES,
    *sorted({f"{kind.entity}.*" for kind in EVENT_TYPES.values()}),
)
EventTypeFilter = Literal[EVENT_TYPE_FILTERS]  # type: ignore[valid-type]


@dataclass(frozen=True, kw_only=True)
class EventParameters:
    type: Annotated[
        list[EventTypeFilter] | None,
        QueryParameter(
            max_items=MAX_TYPE_FILTERS,
            description="An event type (`candidate.updated`) or all of an entity's "
            "(`candidate.*`); repeat for several (any may match)",
        ),
    ] = None
    actor_id: Annotated[UUID | None, QueryParameter(description="Only what this user did")] = None
    # Read as text and parsed here: Litestar would name a bad value by the Python field name
    # (`since`), not by the parameter the client sent (`from`).
    since: Annotated[str | None, _instant("from", "Only events at or after this instant")] = None
    until: Annotated[str | None, _instant("to", "Only events before this instant")] = None
    before: Annotated[UUID | None, QueryParameter(description=_CURSOR + ": older events")] = None
    after: Annotated[
        UUID | None,
        QueryParameter(description=_CURSOR + ": newer events (the page right after it)"),
    ] = None
    limit: Limit = 50

    def query(self) -> EventQuery:
        return EventQuery.checked(
            types=tuple(self.type or ()),
            actor_id=self.actor_id,
            since=_parsed("from", self.since),
            until=_parsed("to", self.until),
            before=self.before,
            after=self.after,
            limit=self.limit,
        )


# The events arrive encoded (see EncodedEventPage); the page has this shape.
_PAGE_OF_EVENTS = ResponseSpec(EventPage, description="A page of events, newest first")
_FEED = {200: _PAGE_OF_EVENTS, **error_responses()}
_HISTORY_OF = {200: _PAGE_OF_EVENTS, **error_responses(404)}
_PARAMETERS = {"parameters": Provide(EventParameters, sync_to_thread=False)}
_HISTORY = (
    "Newest first, by cursor: `before` an event id for older ones, `after` one for what "
    "happened since (poll with the page's `newer`). Filters: `type`, `actor_id`, `from`, `to`. "
    "A deleted entity keeps its history."
)


def _history(entity_type: str, collection: str, readers: str):
    @get(
        f"/{collection}/{{entity_id:uuid}}/history",
        operation_id=f"{entity_type}History",
        summary=f"The {entity_type}'s history",
        description=f"{readers}: whoever may read the {entity_type}. {_HISTORY}",
        responses=_HISTORY_OF,
        tags=(collection,),
        dependencies=_PARAMETERS,
        name=f"{entity_type}_history",
    )
    async def history(
        caller: FromDishka[Caller],
        use_case: FromDishka[ReadHistory],
        entity_id: FromPath[UUID],
        parameters: NamedDependency[EventParameters],
    ) -> EncodedEventPage:
        request = ReadHistoryRequest(EntityRef(entity_type, entity_id), parameters.query())
        return await use_case.execute(caller, request)

    return history


_HIRING_READERS = "Admins, managers, recruiters and customers"
HISTORY_HANDLERS = [
    _history("candidate", "candidates", _HIRING_READERS),
    _history("vacancy", "vacancies", _HIRING_READERS),
    _history("interview", "interviews", _HIRING_READERS),
    _history("user", "users", "Admins"),
]


class EventController(Controller):
    path = "/events"
    tags = ("events",)

    @get(
        "/",
        operation_id="listEvents",
        summary="The company's event feed",
        description="Admins. Every event of the company (see the catalogue of event types), "
        + _HISTORY,
        responses=_FEED,
        dependencies=_PARAMETERS,
    )
    async def list_events(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[ReadEventFeed],
        parameters: NamedDependency[EventParameters],
    ) -> EncodedEventPage:
        return await use_case.execute(caller, parameters.query())
