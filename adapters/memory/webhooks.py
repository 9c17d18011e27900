"""Webhooks and their outbox in memory, for the use-case tests: the same rules as PostgreSQL's
(a delivery per event and webhook that wants it, one lease per webhook, event order)."""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from adapters.memory.store import InMemoryStore
from application.errors import PreconditionFailed
from application.events.views import encode_body, with_actor
from application.pagination import Page
from application.ports.webhooks import ClaimedWebhook, DueDelivery
from application.views import PersonRef
from application.webhooks.views import DeliveryList, DeliveryView, WebhookList, WebhookView
from domain.events.event import Event
from domain.webhooks.delivery import DELIVERED, PENDING, Attempt, Delivery
from domain.webhooks.webhook import Webhook


@dataclasses.dataclass
class _Row:
    """A delivery as stored, with what the outbox keeps beside it."""

    delivery: Delivery
    created_at: datetime


class InMemoryWebhookRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._table = store.table("webhooks")

    async def add(self, webhook: Webhook) -> None:
        self._table[webhook.id] = copy.deepcopy(webhook)

    async def get(
        self, company_id: UUID, webhook_id: UUID, *, for_update: bool = False
    ) -> Webhook | None:
        found = self._table.get(webhook_id)
        return copy.deepcopy(found) if found and found.company_id == company_id else None

    async def save(self, webhook: Webhook, *, expected_version: int) -> None:
        stored = self._table.get(webhook.id)
        if stored is None or stored.version != expected_version:
            raise PreconditionFailed("the webhook was changed by someone else; re-read it")
        self._table[webhook.id] = copy.deepcopy(webhook)

    async def delete(self, webhook: Webhook) -> None:
        self._table.pop(webhook.id, None)


class InMemoryWebhookQueries:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def list(self, company_id: UUID, page: Page) -> WebhookList:
        mine = sorted(
            (w for w in self._store.table("webhooks").values() if w.company_id == company_id),
            key=lambda w: (w.created_at, w.id),
        )
        window = mine[page.offset : page.offset + page.limit]
        return WebhookList(items=[WebhookView.of(w) for w in window], count=len(mine))

    async def deliveries(
        self, company_id: UUID, webhook_id: UUID, status: str | None, page: Page
    ) -> DeliveryList:
        rows = [
            row
            for row in self._store.table("webhook_deliveries").values()
            if row.delivery.webhook_id == webhook_id
            and row.delivery.company_id == company_id
            and status in (None, row.delivery.status)
        ]
        rows.sort(key=lambda row: (row.created_at, row.delivery.id), reverse=True)
        window = rows[page.offset : page.offset + page.limit]
        return DeliveryList(items=[_view(row) for row in window], count=len(rows))


def _view(row: _Row) -> DeliveryView:
    d = row.delivery
    return DeliveryView(
        id=d.id,
        event_id=d.event_id,
        event_type=d.event_type,
        status=d.status,
        attempts=d.attempts,
        last_status_code=d.last_status_code,
        last_response=d.last_response,
        last_error=d.last_error,
        duration_ms=d.last_duration_ms,
        next_attempt_at=d.next_attempt_at,
        created_at=row.created_at,
        delivered_at=d.delivered_at,
    )


def queue_delivery(store: InMemoryStore, webhook_id: UUID, event: Event, at: datetime) -> UUID:
    delivery = Delivery(
        id=uuid4(),
        company_id=event.company_id,
        webhook_id=webhook_id,
        event_id=event.id,
        event_type=event.type,
    )
    store.table("webhook_deliveries")[delivery.id] = _Row(delivery, at)
    return delivery.id


def fan_out(store: InMemoryStore, event: Event) -> None:
    """What PostgreSQL's append statement does: queue the event for the webhooks wanting it."""
    if event.entity.type == "webhook":
        return
    for webhook in store.table("webhooks").values():
        if webhook.company_id == event.company_id and webhook.collects(event.type):
            queue_delivery(store, webhook.id, event, event.occurred_at)


class InMemoryOutbox:
    """The delivery queue and the worker's outbox at once; `clock` says what "now" is."""

    def __init__(self, store: InMemoryStore, clock, worker: str = "worker") -> None:
        self._store = store
        self._clock = clock
        self._worker = worker

    @property
    def _rows(self) -> dict[UUID, _Row]:
        return self._store.table("webhook_deliveries")

    @property
    def _leases(self) -> dict[UUID, dict]:
        return self._store.table("webhook_leases")

    def _event(self, event_id: UUID) -> Event:
        return self._store.table("events")[event_id]

    async def enqueue(self, webhook_id: UUID, company_id: UUID, event_id: UUID) -> UUID:
        return queue_delivery(self._store, webhook_id, self._event(event_id), self._clock.now())

    async def event_of(self, company_id: UUID, webhook_id: UUID, delivery_id: UUID) -> UUID | None:
        row = self._rows.get(delivery_id)
        ours = (
            row and row.delivery.webhook_id == webhook_id and row.delivery.company_id == company_id
        )
        return row.delivery.event_id if ours else None

    async def claim(self) -> ClaimedWebhook | None:
        now = self._clock.now()
        for webhook in self._store.table("webhooks").values():
            lease = self._leases.get(webhook.id, {})
            held = lease.get("owner") and lease["until"] > now
            waiting = lease.get("retry_at") and lease["retry_at"] > now
            pending = any(
                r.delivery.webhook_id == webhook.id and r.delivery.status == PENDING
                for r in self._rows.values()
            )
            if webhook.is_active and not held and not waiting and pending:
                self._leases[webhook.id] = {
                    **lease,
                    "owner": self._worker,
                    "until": now + timedelta(minutes=1),
                }
                return ClaimedWebhook(webhook.id, webhook.company_id, webhook.url, webhook.secret)
        return None

    async def due(self, webhook_id: UUID, limit: int) -> list[DueDelivery]:
        rows = sorted(
            (
                r
                for r in self._rows.values()
                if r.delivery.webhook_id == webhook_id and r.delivery.status == PENDING
            ),
            key=lambda r: (r.delivery.event_id, r.created_at),
        )[:limit]
        return [
            DueDelivery(copy.deepcopy(r.delivery), self._payload(r.delivery.event_id)) for r in rows
        ]

    def _payload(self, event_id: UUID) -> bytes:
        event = self._event(event_id)
        user = self._store.users.get(event.actor_id) if event.actor_id else None
        actor = PersonRef(user.id, user.first_name, user.last_name) if user else None
        return bytes(with_actor(encode_body(event), actor))

    async def record(self, delivery: Delivery, attempt: Attempt, retry_at: datetime | None) -> None:
        self._rows[delivery.id].delivery = copy.deepcopy(delivery)
        self._leases.setdefault(delivery.webhook_id, {})["retry_at"] = retry_at

    async def switch_off(self, webhook_id: UUID, reason: str, event: Event) -> None:
        webhook = self._store.table("webhooks")[webhook_id]
        webhook.switch_off(reason, event.occurred_at)
        self._store.table("events")[event.id] = event

    async def release(self, webhook_id: UUID) -> None:
        self._leases.setdefault(webhook_id, {})["owner"] = None

    async def forget_delivered_before(self, moment: datetime) -> int:
        old = [
            k
            for k, r in self._rows.items()
            if r.delivery.status == DELIVERED and r.delivery.delivered_at < moment
        ]
        for key in old:
            del self._rows[key]
        return len(old)
