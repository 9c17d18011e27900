"""Database failures translated into application errors, by constraint name, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
from sqlalchemy import exc as sa_exc

from application.errors import (
    AlreadyExists,
    ApplicationError,
    Conflict,
    InUse,
    KeyAnsweredMeanwhile,
    NotFound,
    ServiceUnavailable,
)
from domain.errors import InvalidInput

# Constraint name -> what the client is told. Unlisted unique violations are still conflicts.
_UNIQUE_MESSAGES: dict[str, str] = {
    "uq_candidate_files_live_content": "the candidate already has a live file of this content",
    "uq_users_username": "the username is taken",
    "uq_companies_ogrn": "a company with this OGRN exists",
    "uq_departments_company_id_name": "a department with this name exists",
    "uq_positions_company_id_name": "a position with this name exists",
    "uq_grades_company_id_name": "a grade with this name exists",
    "uq_skills_company_id_normalized_name": "a skill with this name exists",
    "uq_interviews_live_pair": "an interview of this candidate for this vacancy exists",
}

_SERIALIZATION_STATES = {"40001", "40P01"}  # serialization failure, deadlock
_CONNECTION_STATES_PREFIXES = ("08", "57P", "53")  # connection, shutdown, resources
_BUSY_STATES = {"57014", "55P03"}  # statement_timeout (query canceled), lock_timeout


def raw_connection_lost(error: BaseException) -> bool:
    """A failure asyncpg raised itself because its connection was closed or dropped."""
    if isinstance(error, asyncpg.exceptions.InterfaceError):
        return "connection is closed" in str(error)
    return isinstance(error, (asyncpg.exceptions.ConnectionDoesNotExistError, ConnectionError))


def _taken(constraint: str) -> ApplicationError:
    if constraint == "pk_idempotency_answers":  # written with the commit (PgSession.defer)
        return KeyAnsweredMeanwhile("the key was answered by another request")
    return AlreadyExists(_UNIQUE_MESSAGES.get(constraint, "such a row already exists"))


def _constraint_of(error: sa_exc.DBAPIError) -> str | None:
    original = getattr(error.orig, "__cause__", None) or error.orig
    return getattr(original, "constraint_name", None)


def _sqlstate_of(error: sa_exc.DBAPIError) -> str | None:
    original = getattr(error.orig, "__cause__", None) or error.orig
    return getattr(original, "sqlstate", None) or getattr(error.orig, "sqlstate", None)


def translate(error: Exception) -> ApplicationError | InvalidInput | None:
    """The application error a database failure means, or None if it is a bug of ours."""
    if isinstance(error, (OSError, asyncpg.exceptions.ConnectionDoesNotExistError, TimeoutError)):
        return ServiceUnavailable("the database is unreachable")
    if isinstance(error, sa_exc.TimeoutError):
        return ServiceUnavailable("the database is busy")
    if isinstance(error, asyncpg.exceptions.InterfaceError):  # raw, not through SQLAlchemy
        lost = raw_connection_lost(error)
        return ServiceUnavailable("the database connection was lost") if lost else None
    if isinstance(error, asyncpg.exceptions.InternalClientError):  # raw, not through SQLAlchemy
        # "another operation is in progress": the connection was left mid-exchange by a server
        # going away under it. Unusable, so it is dropped; the client is told to retry.
        return ServiceUnavailable("the database connection was lost")
    if isinstance(error, asyncpg.exceptions.PostgresError):  # raw, not through SQLAlchemy
        raw_state = error.sqlstate or ""
        if raw_state.startswith(_CONNECTION_STATES_PREFIXES) or raw_state in _BUSY_STATES:
            return ServiceUnavailable("the database is unavailable")
        if raw_state == "23505":
            return _taken(getattr(error, "constraint_name", None) or "")
        return None
    if not isinstance(error, sa_exc.DBAPIError):
        return None
    if error.connection_invalidated:
        return ServiceUnavailable("the database connection was lost")
    state = _sqlstate_of(error) or ""
    constraint = _constraint_of(error) or ""
    if state == "23505":
        return _taken(constraint)
    if state == "23001":  # restrict_violation: PostgreSQL 16+ reports ON DELETE RESTRICT so
        return InUse("the row is still referenced")
    if state == "23503":
        # A delete blocked by a referencing row is "in use"; an insert pointing nowhere is a 404.
        if "delete" in str(error.orig).lower() or "still referenced" in str(error.orig).lower():
            return InUse("the row is still referenced")
        return NotFound("a referenced row does not exist in your company")
    if state in ("23514", "23502", "22001", "22003", "22007", "22008", "22P02"):
        return InvalidInput.single(constraint or "body", "the value is out of range")
    if state in _SERIALIZATION_STATES:
        return Conflict("a concurrent change won; re-read and retry")
    if state in _BUSY_STATES:
        return ServiceUnavailable("the database is busy")
    if state.startswith(_CONNECTION_STATES_PREFIXES) or isinstance(
        error, (sa_exc.InterfaceError, sa_exc.OperationalError)
    ):
        return ServiceUnavailable("the database is unavailable")
    return None


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except (ApplicationError, InvalidInput):
        raise
    except Exception as error:
        mapped = translate(error)
        if mapped is None:
            raise
        raise mapped from error
