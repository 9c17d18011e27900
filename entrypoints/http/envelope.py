"""The one error shape of API.md, and its OpenAPI declaration."""

from __future__ import annotations

from http import HTTPStatus

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example


class ErrorDetail(msgspec.Struct, frozen=True):
    field: str
    message: str


class ErrorBody(msgspec.Struct, frozen=True, omit_defaults=True):
    error: str
    error_description: str
    details: list[ErrorDetail] = msgspec.field(default_factory=list)


# status -> (error code, example description) as documented for each status.
ERROR_CODES: dict[int, tuple[str, str]] = {
    400: ("invalid_request", "the request is malformed or failed validation"),
    401: ("invalid_token", "not signed in, or the token is invalid, revoked or expired"),
    403: ("access_denied", "the caller's role may not do this"),
    404: ("not_found", "no such row in your company"),
    409: ("already_exists", "a conflicting row exists (already_exists / in_use / conflict)"),
    412: ("precondition_failed", "If-Match does not match the current version"),
    413: ("request_too_large", "the request body exceeds the configured limit"),
    415: ("unsupported_media_type", "the body must be application/json"),
    429: ("too_many_requests", "too many attempts; see Retry-After"),
    503: ("service_unavailable", "the database is unreachable; see Retry-After"),
}

# Every authenticated operation can answer these; writes add 412/409 where they apply.
COMMON = (400, 401, 403, 413, 415, 503)


def error_responses(*statuses: int) -> dict[int, ResponseSpec]:
    responses: dict[int, ResponseSpec] = {}
    for status in sorted({*COMMON, *statuses}):
        code, description = ERROR_CODES[status]
        responses[status] = ResponseSpec(
            data_container=ErrorBody,
            generate_examples=False,
            description=f"{HTTPStatus(status).phrase}: {description}",
            examples=[
                Example(
                    summary=code,
                    value={"error": code, "error_description": description, "details": []},
                )
            ],
        )
    return responses
