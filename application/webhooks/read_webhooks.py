"""Admins read the company's webhooks and each one's delivery log."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from application.caller import Caller
from application.for_change import found
from application.pagination import Page
from application.ports.webhooks import WebhookQueries, WebhookRepository
from application.webhooks.views import DeliveryList, WebhookList, WebhookView
from domain.errors import InvalidInput
from domain.identity.permissions import Action, Resource
from domain.webhooks.delivery import DELIVERED, FAILED, PENDING


class GetWebhook:
    def __init__(self, webhooks: WebhookRepository) -> None:
        self._webhooks = webhooks

    async def execute(self, caller: Caller, webhook_id: UUID) -> WebhookView:
        caller.authorize(Resource.WEBHOOKS, Action.READ)
        webhook = found(await self._webhooks.get(caller.company_id, webhook_id), "webhook")
        return WebhookView.of(webhook)


class ListWebhooks:
    def __init__(self, queries: WebhookQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, page: Page) -> WebhookList:
        caller.authorize(Resource.WEBHOOKS, Action.READ)
        return await self._queries.list(caller.company_id, page)


@dataclass(frozen=True, slots=True)
class ListDeliveriesRequest:
    webhook_id: UUID
    status: str | None = None
    page: Page = field(default_factory=Page)


class ListDeliveries:
    """Newest first: what was sent, how often, what the receiver answered."""

    def __init__(self, webhooks: WebhookRepository, queries: WebhookQueries) -> None:
        self._webhooks = webhooks
        self._queries = queries

    async def execute(self, caller: Caller, request: ListDeliveriesRequest) -> DeliveryList:
        caller.authorize(Resource.WEBHOOKS, Action.READ)
        if request.status not in (None, PENDING, DELIVERED, FAILED):
            raise InvalidInput.single("status", "pending, delivered or failed")
        found(await self._webhooks.get(caller.company_id, request.webhook_id), "webhook")
        return await self._queries.deliveries(
            caller.company_id, request.webhook_id, request.status, request.page
        )
