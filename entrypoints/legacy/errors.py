"""The original system's statuses for Gefest's errors. Its contract answers 400 for a request it
cannot serve (an id unknown in the caller's company is `invalid_client`, as it was), 401 and 403 as
Gefest does, 409 for a duplicate where its document lists 409 (a taken username) and 400 elsewhere;
the body keeps Gefest's envelope, whose `error` field the
old clients read."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException

from application import errors as app
from domain.errors import InvalidInput, PermissionDenied, RuleConflict
from entrypoints.http.envelope import ErrorBody, ErrorDetail
from entrypoints.http.errors import (
    EXCEPTION_HANDLERS,
    error_response,
    handle_http_exception,
    handle_invalid_input,
    handle_known_error,
)
from entrypoints.legacy.document import documented_statuses

# Gefest's answer -> the original system's status and error code, where they differ.
_OLD_ANSWERS: dict[type[Exception], tuple[int, str]] = {
    app.NotFound: (400, "invalid_client"),
    app.InUse: (400, "in_use"),
    app.Conflict: (400, "conflict"),
    RuleConflict: (400, "conflict"),
    app.PreconditionFailed: (400, "precondition_failed"),
    app.IdempotencyKeyReused: (400, "idempotency_key_reused"),
}


# Gefest's field names -> the old ones, in `details[].field` of a 400.
_OLD_FIELD_NAMES = {"address_code": "adress_code", "address": "adress"}


def handle_legacy_invalid_input(
    request: Request[Any, Any, Any], error: Exception
) -> Response[ErrorBody]:
    response = handle_invalid_input(request, error)
    body = response.content
    details = [
        ErrorDetail(field=_OLD_FIELD_NAMES.get(d.field, d.field), message=d.message)
        for d in body.details
    ]
    return error_response(400, body.error, body.error_description, details)


def handle_legacy_error(request: Request[Any, Any, Any], error: Exception) -> Response[ErrorBody]:
    if isinstance(error, app.AlreadyExists):
        template = request.scope.get("path_template", request.url.path)
        status = 409 if 409 in documented_statuses(request.method, template) else 400
        return error_response(status, "already_exists", str(error) or "already_exists")
    for error_class, (status, code) in _OLD_ANSWERS.items():
        if isinstance(error, error_class):
            return error_response(status, code, str(error) or code)
    return handle_known_error(request, error)


def handle_legacy_http_exception(
    request: Request[Any, Any, Any], error: Exception
) -> Response[ErrorBody]:
    """Malformed requests (a path id that is not a UUID included) are the old 400."""
    response = handle_http_exception(request, error)
    assert isinstance(error, HTTPException)
    if error.status_code in (404, 405, 415, 422):
        body = response.content
        return error_response(400, "invalid_request", body.error_description, body.details)
    return response


LEGACY_EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    **EXCEPTION_HANDLERS,
    InvalidInput: handle_legacy_invalid_input,
    app.ApplicationError: handle_legacy_error,
    PermissionDenied: handle_legacy_error,
    RuleConflict: handle_legacy_error,
    HTTPException: handle_legacy_http_exception,
}
