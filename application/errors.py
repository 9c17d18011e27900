"""Errors the use cases raise. They name what went wrong, never how it is transported."""

from __future__ import annotations


class ApplicationError(Exception):
    """Base of every error a use case may raise on purpose."""


class NotFound(ApplicationError):
    """No such row in the caller's company, or it is soft-deleted."""


class AccessDenied(ApplicationError):
    """The caller's role may not do this."""


class AlreadyExists(ApplicationError):
    """A unique name, username or live pair is taken."""


class InUse(ApplicationError):
    """The row is still referenced and cannot be deleted."""


class PreconditionFailed(ApplicationError):
    """The client's version of the row is stale."""


class Conflict(ApplicationError):
    """A concurrent writer changed the row first; the client should re-read and retry."""


class InvalidCredentials(ApplicationError):
    """Wrong username or password."""


class AccountBlocked(ApplicationError):
    """Too many failed logins; an administrator must unblock the account."""


class InvalidToken(ApplicationError):
    """Missing, malformed, tampered or revoked token."""


class ExpiredToken(ApplicationError):
    """The access token has expired; the client should refresh."""


class TooManyRequests(ApplicationError):
    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(f"retry after {retry_after_seconds} s")


class ServiceUnavailable(ApplicationError):
    """The database cannot be reached; the request changed nothing and may be retried."""


class IdempotencyKeyReused(ApplicationError):
    """The `Idempotency-Key` was used before for a different request."""


class KeyAnsweredMeanwhile(ApplicationError):
    """Another request's live answer of the `Idempotency-Key` was recorded while this request
    ran (they share a window of microseconds): this run is to be undone and that answer given.
    Never reaches a client."""


class IdempotencyKeyInProgress(ApplicationError):
    """A request with this `Idempotency-Key` is still running; retry after it ends."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(
            "a request with this Idempotency-Key is still running; "
            f"retry after {retry_after_seconds} s"
        )
