"""`X-Statements`: how many SQL statements the request ran through its PgSession.

Only with EXPOSE_STATEMENT_COUNT=true (the benchmarks turn it on to report statements per
request); it tells a client how the server works inside, so it is off by default."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message

from adapters.postgres.session import PgSession

STATEMENTS_HEADER = "X-Statements"


async def add_statement_count(message: Message, scope: Any) -> None:
    if message["type"] != "http.response.start":
        return
    container = (scope.get("state") or {}).get("dishka_container")
    if container is None:
        return
    session = await container.get(PgSession)  # the request's own: created by now if it was used
    MutableScopeHeaders.from_message(message)[STATEMENTS_HEADER] = str(session.statements)
