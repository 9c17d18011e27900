from __future__ import annotations

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Response, get
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.migrator import is_at_head
from entrypoints.http.envelope import error_responses
from entrypoints.http.errors import RETRY_AFTER_UNAVAILABLE_SECONDS, error_response


class Health(msgspec.Struct):
    status: str


@get(
    "/health",
    operation_id="health",
    summary="Liveness (no database)",
    tags=["service"],
    security=[],
)
async def health() -> Health:
    return Health(status="ok")


@get(
    "/ready",
    operation_id="ready",
    summary="Readiness: database reachable and migrations at head",
    tags=["service"],
    security=[],
    responses={503: error_responses(503)[503]},
)
async def ready(engine: FromDishka[AsyncEngine]) -> Response[Health]:
    try:
        at_head = await is_at_head(engine)
    except Exception:  # any failure to ask the database means "not ready", never a 500
        at_head = None
    if at_head:
        return Response(Health(status="ready"))
    description = "database unreachable" if at_head is None else "migrations are not at head"
    return error_response(  # type: ignore[return-value]
        503,
        "service_unavailable",
        description,
        headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE_SECONDS)},
    )
