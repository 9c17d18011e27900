from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.pagination import Page
from application.webhooks.views import DeliveryList, WebhookList
from domain.events.event import Event
from domain.webhooks.delivery import Attempt, Delivery
from domain.webhooks.webhook import Webhook


class WebhookRepository(Protocol):
    async def add(self, webhook: Webhook) -> None: ...

    async def get(
        self, company_id: UUID, webhook_id: UUID, *, for_update: bool = False
    ) -> Webhook | None: ...

    async def save(self, webhook: Webhook, *, expected_version: int) -> None: ...

    async def delete(self, webhook: Webhook) -> None:
        """The webhook and its deliveries."""
        ...


class WebhookQueries(Protocol):
    async def list(self, company_id: UUID, page: Page) -> WebhookList: ...

    async def deliveries(
        self, company_id: UUID, webhook_id: UUID, status: str | None, page: Page
    ) -> DeliveryList:
        """Newest first."""
        ...


@dataclass(frozen=True, slots=True)
class ClaimedWebhook:
    id: UUID
    company_id: UUID
    url: str
    secret: str


@dataclass(frozen=True, slots=True)
class DueDelivery:
    delivery: Delivery
    payload: bytes  # the event as the API shows it (EventView JSON)


class DeliveryQueue(Protocol):
    """Deliveries queued by hand, in the request's transaction."""

    async def enqueue(self, webhook_id: UUID, company_id: UUID, event_id: UUID) -> UUID:
        """A new pending delivery of the event to the webhook (in the caller's transaction)."""
        ...

    async def event_of(self, company_id: UUID, webhook_id: UUID, delivery_id: UUID) -> UUID | None:
        """The event a delivery of the webhook carries; None: no such delivery."""
        ...


class WebhookOutbox(Protocol):
    """The deliveries waiting to go out, shared by every worker. Each call is a transaction of
    its own: the worker talks to receivers between them, never inside one."""

    async def claim(self) -> ClaimedWebhook | None:
        """An active webhook with a delivery due, leased to this worker alone (no other worker
        sends for it until the lease is released or runs out; each `record` renews it), or
        None."""
        ...

    async def due(self, webhook_id: UUID, limit: int) -> list[DueDelivery]:
        """The webhook's pending deliveries, in event order (oldest first)."""
        ...

    async def record(self, delivery: Delivery, attempt: Attempt, retry_at: datetime | None) -> None:
        """Store the delivery as the attempt left it; `retry_at`: the webhook waits until then
        (its first pending delivery failed), None: it may go on."""
        ...

    async def switch_off(self, webhook_id: UUID, reason: str, event: Event) -> None:
        """Turn the webhook off, saying why, with its `webhook.disabled` event."""
        ...

    async def release(self, webhook_id: UUID) -> None: ...

    async def forget_delivered_before(self, moment: datetime) -> int: ...


class WebhookSender(Protocol):
    async def send(self, url: str, headers: dict[str, str], body: bytes) -> Attempt:
        """POST `body` to `url`: never raises for the receiver's or the network's failure (the
        attempt says what went wrong), never follows a redirect, refuses private addresses
        unless configured otherwise."""
        ...


class WebhookSecrets(Protocol):
    def new_secret(self) -> str:
        """A fresh signing secret, unguessable."""
        ...


class Jitter(Protocol):
    def __call__(self) -> float:
        """A number in [0, 1)."""
        ...
