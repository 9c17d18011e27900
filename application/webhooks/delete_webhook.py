from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.events.recorder import EventRecorder
from application.for_change import for_change
from application.ports.transaction import UnitOfWork
from application.ports.webhooks import WebhookRepository
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True)
class DeleteWebhookRequest:
    webhook_id: UUID
    expected_version: int | None = None


class DeleteWebhook:
    """Admins remove a webhook: nothing more is sent to it, its delivery log goes with it."""

    def __init__(self, webhooks: WebhookRepository, events: EventRecorder, uow: UnitOfWork) -> None:
        self._webhooks = webhooks
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: DeleteWebhookRequest) -> None:
        caller.authorize(Resource.WEBHOOKS, Action.DELETE)
        webhook = await for_change(
            self._webhooks.get(caller.company_id, request.webhook_id, for_update=True),
            "webhook",
            request.expected_version,
        )
        await self._webhooks.delete(webhook)
        await self._events.record(caller, "webhook.deleted", webhook.id)
        await self._uow.commit()
