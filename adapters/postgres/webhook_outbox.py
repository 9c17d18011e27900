"""The webhook outbox as the workers see it: each call one short statement on its own
connection, committed at once (a worker talks to receivers between calls, never inside a
transaction). A webhook is leased to one worker at a time (`FOR UPDATE SKIP LOCKED` picks one
nobody holds, least recently served first), so its deliveries go out in event order and never
twice; a lease that is not renewed (a worker that died) runs out and another worker goes on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.events import APPEND_EVENT, event_arguments
from application.events.views import with_actor
from application.ports.webhooks import ClaimedWebhook, DueDelivery
from application.views import PersonRef
from domain.events.event import Event
from domain.webhooks.delivery import Attempt, Delivery

_CLAIM = """
UPDATE webhooks AS w
   SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
 WHERE w.id = (
       SELECT c.id FROM webhooks AS c
        WHERE c.is_active
          AND (c.lease_owner IS NULL OR c.lease_until < now())
          AND (c.retry_at IS NULL OR c.retry_at <= now())
          AND EXISTS (SELECT 1 FROM webhook_deliveries AS d
                       WHERE d.webhook_id = c.id AND d.status = 'pending')
        ORDER BY c.lease_until NULLS FIRST, c.id
        LIMIT 1
          FOR UPDATE SKIP LOCKED)
RETURNING w.id, w.company_id, w.url, w.secret
"""
_DUE = """
SELECT d.id, d.company_id, d.webhook_id, d.event_id, d.event_type, d.attempts, d.failing_since,
       e.body::text AS body, u.id AS actor_id, u.first_name, u.last_name
  FROM webhook_deliveries AS d
  JOIN events AS e ON e.id = d.event_id
  LEFT JOIN users AS u ON u.company_id = e.company_id AND u.id = e.actor_id
 WHERE d.webhook_id = $1 AND d.status = 'pending'
 ORDER BY d.event_id, d.created_at
 LIMIT $2
"""
_RECORD = """
WITH delivery AS (
  UPDATE webhook_deliveries
     SET status = $2, attempts = $3, failing_since = $4, next_attempt_at = $5,
         delivered_at = $6, last_status_code = $7, last_response = $8, last_error = $9,
         last_duration_ms = $10
   WHERE id = $1
  RETURNING webhook_id
)
UPDATE webhooks AS w
   SET retry_at = $11, lease_until = now() + make_interval(secs => $12)
  FROM delivery
 WHERE w.id = delivery.webhook_id AND w.lease_owner = $13
"""
_SWITCH_OFF = """
UPDATE webhooks SET is_active = false, disabled_reason = $2, updated_at = now(),
       version = version + 1
 WHERE id = $1
"""
_RELEASE = """
UPDATE webhooks SET lease_owner = NULL, lease_until = now() WHERE id = $1 AND lease_owner = $2
"""
_FORGET = "DELETE FROM webhook_deliveries WHERE status = 'delivered' AND delivered_at < $1"


class SqlaWebhookOutbox:
    def __init__(self, engine: AsyncEngine, worker: str, lease: timedelta) -> None:
        self._engine = engine
        self._worker = worker
        self._lease_seconds = lease.total_seconds()

    @asynccontextmanager
    async def _autocommit(self) -> AsyncIterator[AsyncConnection]:
        async with self._engine.connect() as connection:
            yield await connection.execution_options(isolation_level="AUTOCOMMIT")

    async def _run(self, sql: str, *arguments: Any) -> list[Any]:
        async with self._autocommit() as connection:
            result = await connection.exec_driver_sql(sql, arguments)
            return list(result.all()) if result.returns_rows else []

    async def claim(self) -> ClaimedWebhook | None:
        rows = await self._run(_CLAIM, self._worker, self._lease_seconds)
        return ClaimedWebhook(*rows[0]) if rows else None

    async def due(self, webhook_id: UUID, limit: int) -> list[DueDelivery]:
        rows = await self._run(_DUE, webhook_id, limit)
        return [
            DueDelivery(
                delivery=Delivery(
                    id=row.id,
                    company_id=row.company_id,
                    webhook_id=row.webhook_id,
                    event_id=row.event_id,
                    event_type=row.event_type,
                    attempts=row.attempts,
                    failing_since=row.failing_since,
                ),
                payload=bytes(
                    with_actor(
                        row.body.encode(),
                        PersonRef(row.actor_id, row.first_name, row.last_name)
                        if row.actor_id
                        else None,
                    )
                ),
            )
            for row in rows
        ]

    async def record(self, delivery: Delivery, attempt: Attempt, retry_at: datetime | None) -> None:
        await self._run(
            _RECORD,
            delivery.id,
            delivery.status,
            delivery.attempts,
            delivery.failing_since,
            delivery.next_attempt_at,
            delivery.delivered_at,
            delivery.last_status_code,
            delivery.last_response,
            delivery.last_error,
            delivery.last_duration_ms,
            retry_at,
            self._lease_seconds,
            self._worker,
        )

    async def switch_off(self, webhook_id: UUID, reason: str, event: Event) -> None:
        async with self._engine.begin() as connection:
            await connection.exec_driver_sql(_SWITCH_OFF, (webhook_id, reason))
            await connection.exec_driver_sql(APPEND_EVENT, event_arguments(event))

    async def release(self, webhook_id: UUID) -> None:
        await self._run(_RELEASE, webhook_id, self._worker)

    async def forget_delivered_before(self, moment: datetime) -> int:
        async with self._autocommit() as connection:
            return (await connection.exec_driver_sql(_FORGET, (moment,))).rowcount
