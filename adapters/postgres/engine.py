from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    timeout_seconds: float = 5.0,
    statement_timeout_ms: int = 30_000,
) -> AsyncEngine:
    """Bounded waits everywhere: connecting, taking a pooled connection, running a statement.
    A database outage then turns into prompt 503s instead of hung requests."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=timeout_seconds,
        pool_recycle=1800,
        connect_args={
            "timeout": timeout_seconds,
            "command_timeout": statement_timeout_ms / 1000,
            "server_settings": {
                "application_name": "gefest",
                "statement_timeout": str(statement_timeout_ms),
                "lock_timeout": str(min(statement_timeout_ms, 10_000)),
            },
        },
    )
