"""Webhooks in PostgreSQL, as the request's transaction reads and writes them: the repository,
the admin's lists, and deliveries queued by hand."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import delete, func, insert, select, update

from adapters.postgres.session import PgSession
from adapters.postgres.tables import webhook_deliveries, webhooks
from application.errors import PreconditionFailed
from application.pagination import Page
from application.webhooks.views import DeliveryList, DeliveryView, WebhookList, WebhookView
from domain.webhooks.webhook import Webhook

_FIELDS = (
    "url",
    "event_types",
    "description",
    "is_active",
    "disabled_reason",
    "secret",
    "created_by",
    "created_at",
    "updated_at",
    "version",
)


def _webhook(row: Any) -> Webhook:
    values = {name: getattr(row, name) for name in _FIELDS}
    values["event_types"] = tuple(values["event_types"])
    return Webhook(id=row.id, company_id=row.company_id, **values)


def _values(webhook: Webhook) -> dict[str, Any]:
    values = {name: getattr(webhook, name) for name in _FIELDS}
    values["event_types"] = list(webhook.event_types)
    return values


class SqlaWebhookRepository:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def add(self, webhook: Webhook) -> None:
        statement = insert(webhooks).values(
            id=webhook.id, company_id=webhook.company_id, **_values(webhook)
        )
        await self._session.execute(statement)

    async def get(
        self, company_id: UUID, webhook_id: UUID, *, for_update: bool = False
    ) -> Webhook | None:
        query = select(webhooks).where(
            webhooks.c.company_id == company_id, webhooks.c.id == webhook_id
        )
        if for_update:
            query = query.with_for_update()
            row = (await self._session.execute(query)).one_or_none()
        else:
            row = (await self._session.read(query)).one_or_none()
        return None if row is None else _webhook(row)

    async def save(self, webhook: Webhook, *, expected_version: int) -> None:
        result = await self._session.execute(
            update(webhooks)
            .where(
                webhooks.c.company_id == webhook.company_id,
                webhooks.c.id == webhook.id,
                webhooks.c.version == expected_version,
            )
            # an admin's change (a new URL, switched on again) is tried at once, not at the
            # retry time the old target earned
            .values(**_values(webhook), retry_at=None)
        )
        if result.rowcount != 1:
            raise PreconditionFailed("the webhook was changed by someone else; re-read it")

    async def delete(self, webhook: Webhook) -> None:
        await self._session.execute(
            delete(webhooks).where(
                webhooks.c.company_id == webhook.company_id, webhooks.c.id == webhook.id
            )
        )


_DELIVERY_COLUMNS = (
    webhook_deliveries.c.id,
    webhook_deliveries.c.event_id,
    webhook_deliveries.c.event_type,
    webhook_deliveries.c.status,
    webhook_deliveries.c.attempts,
    webhook_deliveries.c.last_status_code,
    webhook_deliveries.c.last_response,
    webhook_deliveries.c.last_error,
    webhook_deliveries.c.last_duration_ms.label("duration_ms"),
    webhook_deliveries.c.next_attempt_at,
    webhook_deliveries.c.created_at,
    webhook_deliveries.c.delivered_at,
)
_COUNT = func.count().over().label("total")


class SqlaWebhookQueries:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def list(self, company_id: UUID, page: Page) -> WebhookList:
        query = (
            select(webhooks, _COUNT)
            .where(webhooks.c.company_id == company_id)
            .order_by(webhooks.c.created_at, webhooks.c.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        rows = (await self._session.read(query)).all()
        count = rows[0].total if rows else await self._count(webhooks, company_id)
        return WebhookList(items=[WebhookView.of(_webhook(row)) for row in rows], count=count)

    async def deliveries(
        self, company_id: UUID, webhook_id: UUID, status: str | None, page: Page
    ) -> DeliveryList:
        where = [
            webhook_deliveries.c.company_id == company_id,
            webhook_deliveries.c.webhook_id == webhook_id,
        ]
        if status is not None:
            where.append(webhook_deliveries.c.status == status)
        query = (
            select(*_DELIVERY_COLUMNS, _COUNT)
            .where(*where)
            .order_by(webhook_deliveries.c.created_at.desc(), webhook_deliveries.c.id.desc())
            .limit(page.limit)
            .offset(page.offset)
        )
        rows = (await self._session.read(query)).all()
        items = [
            DeliveryView(**{k: v for k, v in row._mapping.items() if k != "total"}) for row in rows
        ]
        count = rows[0].total if rows else 0
        if not rows and page.offset:
            count = (await self._session.read(select(func.count()).where(*where))).scalar_one()
        return DeliveryList(items=items, count=count)

    async def _count(self, table: Any, company_id: UUID) -> int:
        query = select(func.count()).select_from(table).where(table.c.company_id == company_id)
        return (await self._session.read(query)).scalar_one()


# Deferred to the commit, after the event it may queue (a ping's own) is appended.
_ENQUEUE = """
INSERT INTO webhook_deliveries (id, company_id, webhook_id, event_id, event_type, next_attempt_at)
SELECT $1, e.company_id, $3, e.id, e.type, now()
  FROM events AS e WHERE e.company_id = $2 AND e.id = $4
"""


class SqlaDeliveryQueue:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def enqueue(self, webhook_id: UUID, company_id: UUID, event_id: UUID) -> UUID:
        delivery_id = uuid4()  # random, as the outbox's own (gen_random_uuid)
        self._session.defer(_ENQUEUE, delivery_id, company_id, webhook_id, event_id)
        return delivery_id

    async def event_of(self, company_id: UUID, webhook_id: UUID, delivery_id: UUID) -> UUID | None:
        query = select(webhook_deliveries.c.event_id).where(
            webhook_deliveries.c.company_id == company_id,
            webhook_deliveries.c.webhook_id == webhook_id,
            webhook_deliveries.c.id == delivery_id,
        )
        return (await self._session.read(query)).scalar_one_or_none()
