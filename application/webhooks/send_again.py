"""Admins queue a delivery by hand: an event sent again, or a ping to try the receiver."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.errors import NotFound
from application.events.recorder import EventRecorder
from application.for_change import found
from application.ports.transaction import UnitOfWork
from application.ports.webhooks import DeliveryQueue, WebhookRepository
from domain.events.event import Change
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True)
class QueuedDelivery:
    delivery_id: UUID
    event_id: UUID


@dataclass(frozen=True, slots=True)
class RedeliverRequest:
    webhook_id: UUID
    delivery_id: UUID


class _QueuesByHand:
    """What both hand-queued sends need: the webhook, the queue, the event log, the commit."""

    def __init__(
        self,
        webhooks: WebhookRepository,
        queue: DeliveryQueue,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._webhooks = webhooks
        self._queue = queue
        self._events = events
        self._uow = uow


class Redeliver(_QueuesByHand):
    """The event of a delivery (delivered, failed or pending) goes to the webhook once more,
    as a new delivery after those waiting."""

    async def execute(self, caller: Caller, request: RedeliverRequest) -> QueuedDelivery:
        caller.authorize(Resource.WEBHOOKS, Action.UPDATE)
        webhook = found(await self._webhooks.get(caller.company_id, request.webhook_id), "webhook")
        event_id = await self._queue.event_of(webhook.company_id, webhook.id, request.delivery_id)
        if event_id is None:
            raise NotFound("no such delivery")
        queued = await self._queue.enqueue(webhook.id, webhook.company_id, event_id)
        sent_again = [Change("deliveries", None, {"event_id": event_id}, queued)]
        await self._events.record(caller, "webhook.redelivered", webhook.id, sent_again)
        await self._uow.commit()
        return QueuedDelivery(queued, event_id)


class PingWebhook(_QueuesByHand):
    """A `webhook.pinged` event, queued for this webhook only: a test of the receiver."""

    async def execute(self, caller: Caller, webhook_id: UUID) -> QueuedDelivery:
        caller.authorize(Resource.WEBHOOKS, Action.UPDATE)
        webhook = found(await self._webhooks.get(caller.company_id, webhook_id), "webhook")
        event_id = await self._events.record(caller, "webhook.pinged", webhook.id)
        queued = await self._queue.enqueue(webhook.id, webhook.company_id, event_id)
        await self._uow.commit()
        return QueuedDelivery(queued, event_id)
