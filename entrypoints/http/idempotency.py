"""`Idempotency-Key` on every write of a signed-in caller: a retry of a request answers what the
first attempt answered, instead of running it again.

The middleware sits between the router and the handler. For a keyed request it takes the key
and looks for an earlier answer (ClaimIdempotencyKey); if there is none, the handler runs with
its use case's commit held back (application/idempotency/held_commit.py) and its answer is
caught on the way out; the answer is then written and committed together with the change
(RememberAnswer), and only then sent. "Committed" and "remembered" cannot differ: an answer
that never reached the client (a dropped connection, a lost reply) is found by the retry.

Operations without credentials (log in, refresh, log out) ignore the key: their answers carry
fresh secrets, which are never stored, and repeating them is harmless."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from dishka import AsyncContainer
from litestar import Request
from litestar.handlers import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from application.caller import Caller
from application.idempotency.answers import KEY_HEADER, StoredAnswer, checked_key
from application.idempotency.claim_key import ClaimIdempotencyKey
from application.idempotency.remember_answer import RememberAnswer

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REPLAYED_HEADER = "Idempotent-Replayed"
_KEY = KEY_HEADER.lower().encode()
# The headers of an answer that a replay repeats; the rest (security headers, CORS, caching) are
# the server's own and are added to the replay as to any answer.
_KEPT_HEADERS = frozenset({"content-type", "location", "etag"})


def takes_idempotency_key(handler: BaseRouteHandler) -> bool:
    """A write that needs a signed-in caller (`security=[]` marks the ones that do not)."""
    methods = getattr(handler, "http_methods", set())
    public = handler.security is not None and len(handler.security) == 0
    return bool(methods & WRITE_METHODS) and not public


def fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """What the request was: its method, route and path parameters (the path says both), query
    and body. The body is compared as sent: a retry resends the same bytes."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.rstrip("/").encode(), query, body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass
class _CaughtAnswer:
    """The handler's answer, held until it is committed; then sent as it was."""

    messages: list[Message] = field(default_factory=list)

    async def send(self, message: Message) -> None:
        self.messages.append(message)

    def stored(self) -> StoredAnswer:
        start = next(m for m in self.messages if m["type"] == "http.response.start")
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in start.get("headers", [])
            if name.decode("latin-1").lower() in _KEPT_HEADERS
        }
        body = b"".join(
            m.get("body", b"") for m in self.messages if m["type"] == "http.response.body"
        )
        return StoredAnswer(status=start["status"], headers=headers, body=body)

    async def forward(self, send: Send) -> None:
        for message in self.messages:
            await send(message)


async def _replay(answer: StoredAnswer, send: Send) -> None:
    headers = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers.items()
    ]
    headers.append((b"content-length", str(len(answer.body)).encode()))
    headers.append((REPLAYED_HEADER.lower().encode(), b"true"))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body, "more_body": False})


def _raw_key(scope: Scope) -> bytes | None:
    for name, value in scope.get("headers", ()):
        if name == _KEY:
            return value
    return None


def idempotency_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        raw = _raw_key(scope) if scope["type"] == "http" else None
        if raw is None or not takes_idempotency_key(scope["route_handler"]):
            await app(scope, receive, send)
            return
        key = checked_key(raw.decode("latin-1"))
        request: Request[Any, Any, Any] = Request(scope, receive)
        container: AsyncContainer = request.state.dishka_container
        caller = await container.get(Caller)
        body = await request.body()  # kept on the scope: the handler reads it from there
        request_print = fingerprint(request.method, scope["path"], scope["query_string"], body)
        claim = await container.get(ClaimIdempotencyKey)
        earlier = await claim.execute(caller, key, request_print)
        if earlier is not None:
            await _replay(earlier, send)
            return
        caught = _CaughtAnswer()
        await app(scope, receive, caught.send)
        # The handler's answer went into the buffer, not to the client: an error from here on
        # (a commit that fails: 503) is still the error handler's to answer, which it only does
        # for a response not yet started.
        ScopeState.from_scope(scope).response_started = False
        # A failed commit raises ServiceUnavailable before anything is sent: the client gets
        # 503 and Retry-After, and its retry finds no answer and runs again.
        remember = await container.get(RememberAnswer)
        instead = await remember.execute(caller, key, request_print, caught.stored())
        if instead is not None:
            await _replay(instead, send)
            return
        await caught.forward(send)

    return middleware
