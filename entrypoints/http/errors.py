"""Error classes mapped to statuses and the envelope, once, for the whole app."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException

from application import errors as app
from domain.errors import InvalidInput, PermissionDenied, RuleConflict
from entrypoints.http.envelope import ErrorBody, ErrorDetail

log = logging.getLogger("gefest.http")

RETRY_AFTER_UNAVAILABLE_SECONDS = 5

_APPLICATION_ERRORS: dict[type[Exception], tuple[int, str]] = {
    app.NotFound: (404, "not_found"),
    app.AccessDenied: (403, "access_denied"),
    PermissionDenied: (403, "access_denied"),
    app.AlreadyExists: (409, "already_exists"),
    app.InUse: (409, "in_use"),
    app.Conflict: (409, "conflict"),
    RuleConflict: (409, "conflict"),
    app.PreconditionFailed: (412, "precondition_failed"),
    app.InvalidCredentials: (401, "invalid_credentials"),
    app.AccountBlocked: (401, "account_blocked"),
    app.InvalidToken: (401, "invalid_token"),
    app.ExpiredToken: (401, "expired_token"),
    app.TooManyRequests: (429, "too_many_requests"),
    app.ServiceUnavailable: (503, "service_unavailable"),
    app.IdempotencyKeyReused: (422, "idempotency_key_reused"),
    app.IdempotencyKeyInProgress: (409, "idempotency_key_in_progress"),
}

_HTTP_CODES = {
    400: "invalid_request",
    401: "invalid_token",
    403: "access_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    503: "service_unavailable",
}


def error_response(
    status: int,
    code: str,
    description: str,
    details: list[ErrorDetail] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[ErrorBody]:
    return Response(
        ErrorBody(error=code, error_description=description, details=details or []),
        status_code=status,
        media_type=MediaType.JSON,
        headers=headers,
    )


def _retry_after(error: Exception) -> dict[str, str] | None:
    if isinstance(error, app.TooManyRequests | app.IdempotencyKeyInProgress):
        return {"Retry-After": str(error.retry_after_seconds)}
    if isinstance(error, app.ServiceUnavailable):
        return {"Retry-After": str(RETRY_AFTER_UNAVAILABLE_SECONDS)}
    return None


def handle_known_error(_: Request[Any, Any, Any], error: Exception) -> Response[ErrorBody]:
    for error_class, (status, code) in _APPLICATION_ERRORS.items():
        if isinstance(error, error_class):
            return error_response(status, code, str(error) or code, headers=_retry_after(error))
    return handle_unexpected(_, error)


def handle_invalid_input(_: Request[Any, Any, Any], error: Exception) -> Response[ErrorBody]:
    assert isinstance(error, InvalidInput)
    details = [ErrorDetail(field=p.field, message=p.message) for p in error.problems]
    return error_response(400, "invalid_request", "the request failed validation", details)


_MSGSPEC_PATH = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$")
_UNKNOWN_FIELD = re.compile(r"unknown field `(?P<name>[^`]*)`")
_MISSING_FIELD = re.compile(r"missing required field `(?P<name>[^`]*)`")


def _validation_details(error: ValidationException) -> list[ErrorDetail]:
    details: list[ErrorDetail] = []
    extra = error.extra if isinstance(error.extra, list) else []
    for item in extra:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "invalid value"))
        key = item.get("key")
        match = _MSGSPEC_PATH.match(message)
        if match and match.group("path") is not None:
            message = match.group("message")
            key = match.group("path").lstrip(".") or key
        prefix = "" if key in (None, "data", "body") else f"{key}."
        unknown = _UNKNOWN_FIELD.search(message)
        missing = _MISSING_FIELD.search(message)
        if unknown:
            key = prefix + unknown.group("name")
            message = "unknown field; server-owned or misspelled fields are refused"
        elif missing:
            key = prefix + missing.group("name")
            message = "a required field is missing"
        elif key == "data":  # Litestar's name for the whole body
            key = "body"
        details.append(ErrorDetail(field=str(key or item.get("source") or "body"), message=message))
    return details


def handle_http_exception(_: Request[Any, Any, Any], error: Exception) -> Response[ErrorBody]:
    assert isinstance(error, HTTPException)
    status = error.status_code
    if status >= 500:
        return handle_unexpected(_, error)
    code = _HTTP_CODES.get(status, "invalid_request")
    details = _validation_details(error) if isinstance(error, ValidationException) else []
    description = error.detail if status != 400 or not details else "the request failed validation"
    headers = {
        k: v for k, v in (error.headers or {}).items() if k.lower() in ("allow", "retry-after")
    }
    return error_response(status, code, description or code, details, headers or None)


def handle_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[ErrorBody]:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return error_response(500, "internal_error", "an unexpected error occurred; it has been logged")


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    InvalidInput: handle_invalid_input,
    app.ApplicationError: handle_known_error,
    PermissionDenied: handle_known_error,
    RuleConflict: handle_known_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
