"""The schema of `Idempotency-Key`: a header parameter of every write that takes one, the two
errors it can answer, and the header that marks a replayed answer."""

from __future__ import annotations

import copy

from litestar import Litestar
from litestar.openapi.spec import (
    Example,
    OpenAPIHeader,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Schema,
)

from application.idempotency.answers import KEY_HEADER, MAX_KEY_LENGTH
from entrypoints.http.idempotency import REPLAYED_HEADER, takes_idempotency_key

KEY_DESCRIPTION = (
    "Makes the request safe to retry. Send a new random key (a UUID) with each write you mean "
    "to make once; when the answer does not arrive (a network error, a timeout, 503), send the "
    "same request again with the same key, after `Retry-After` if there was one. A retry of a "
    "request that was done answers what it answered then, with "
    f"`{REPLAYED_HEADER}: true`, and changes nothing; one that was not done runs now. Keys are "
    "your own (another user's equal key is another key) and are remembered for "
    "`IDEMPOTENCY_TTL_HOURS` (24 by default). The same key with another request answers 422 "
    "`idempotency_key_reused`; while the first request with the key is still running, 409 "
    "`idempotency_key_in_progress` with `Retry-After`. Without the header the write is done "
    "each time it is sent."
)

_KEY_PARAMETER = Parameter(
    name=KEY_HEADER,
    param_in="header",
    required=False,
    description=KEY_DESCRIPTION,
    schema=Schema(
        type=OpenAPIType.STRING,
        min_length=1,
        max_length=MAX_KEY_LENGTH,
        pattern="^[ -~]+$",
    ),
    example="5f0c1a4e-8e0b-4a8a-9d47-3b5f1c2d9e61",
)

_REPLAYED = OpenAPIHeader(
    description="`true` when this is the remembered answer of an earlier request with the same "
    "`Idempotency-Key`.",
    schema=Schema(type=OpenAPIType.STRING, enum=["true"]),
)

_ERRORS = {
    "409": ("idempotency_key_in_progress", "a request with this Idempotency-Key is still running"),
    "422": ("idempotency_key_reused", "this Idempotency-Key was used for a different request"),
}


def _error_like(template: OpenAPIResponse, code: str, description: str) -> OpenAPIResponse:
    response = copy.deepcopy(template)
    response.description = f"{code}: {description}"
    for media in (response.content or {}).values():
        media.examples = {
            code: Example(
                summary=code,
                value={"error": code, "error_description": description, "details": []},
            )
        }
    return response


def _document(operation: Operation) -> None:
    operation.parameters = [*(operation.parameters or []), _KEY_PARAMETER]
    responses = operation.responses or {}
    template = responses.get("400")
    for status, (code, description) in _ERRORS.items():
        known = responses.get(status)
        if isinstance(known, OpenAPIResponse):
            known.description += f"; {code}: {description}"
            for media in (known.content or {}).values():
                example = Example(
                    summary=code,
                    value={"error": code, "error_description": description, "details": []},
                )
                media.examples = {**(media.examples or {}), code: example}
        elif isinstance(template, OpenAPIResponse):
            responses[status] = _error_like(template, code, description)
    for status, response in responses.items():
        if status.startswith("2") and isinstance(response, OpenAPIResponse):
            response.headers = {**(response.headers or {}), REPLAYED_HEADER: _REPLAYED}
    operation.responses = responses


def document_idempotency_keys(app: Litestar, handlers: list) -> None:
    """`handlers` are the schema's (path, handler) pairs."""
    paths = app.openapi_schema.paths or {}
    for path, handler in handlers:
        if not takes_idempotency_key(handler) or path not in paths:
            continue
        for method in handler.http_methods:
            operation = getattr(paths[path], method.lower(), None)
            if isinstance(operation, Operation):
                _document(operation)
