from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    timeout_seconds: float = 5.0,
    statement_timeout_ms: int | None = None,
) -> AsyncEngine:
    """Bounded waits everywhere: connecting, taking a pooled connection, and every answer of the
    server (a statement, a commit, the pre-ping) — `timeout_seconds` each unless
    `statement_timeout_ms` says otherwise. A database outage, even one that leaves the server
    silent rather than gone, then turns into prompt 503s instead of hung requests.

    No pre-ping: a connection that died in the pool (a database restart) fails its first
    statement, and `PgSession` sends that statement again on a fresh connection. The failure
    also marks every older pooled connection stale, so the pool replaces them on checkout."""
    statement_timeout_ms = statement_timeout_ms or max(1, round(timeout_seconds * 1000))
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=timeout_seconds,
        pool_recycle=1800,
        connect_args={
            "timeout": timeout_seconds,
            # The client-side bound: the server's statement_timeout cannot fire when the
            # server (or the network to it) does not answer at all.
            "command_timeout": statement_timeout_ms / 1000,
            "server_settings": {
                "application_name": "gefest",
                "statement_timeout": str(statement_timeout_ms),
                "lock_timeout": str(min(statement_timeout_ms, 10_000)),
            },
        },
    )
    event.listen(engine.sync_engine, "invalidate", _drop_at_once)
    event.listen(engine.sync_engine, "checkout", _transactional)
    return engine


def _transactional(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Every checkout starts in the driver's default mode, whatever the previous borrower set:
    `PgSession` keeps its connection in autocommit mode (it sends BEGIN and COMMIT itself), and
    nobody else may inherit that."""
    dbapi_connection.autocommit = False


def _drop_at_once(dbapi_connection: Any, _record: Any, _error: BaseException | None) -> None:
    """An invalidated connection (lost, or silent past a timeout) is aborted on the spot.
    SQLAlchemy would first try a graceful close, which waits up to 2 s more for a server that
    may be the very reason for the invalidation; the server cleans up a dropped session."""
    driver = getattr(dbapi_connection, "driver_connection", None)
    terminate = getattr(driver, "terminate", None)
    if callable(terminate):
        terminate()
