from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from application.caller import Caller
from application.events.catalogue import EVENT_TYPES
from application.events.recorder import EventRecorder, snapshot
from application.for_change import for_change
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from application.ports.webhooks import WebhookRepository
from application.webhooks.policy import WebhookPolicy
from application.webhooks.views import WebhookView
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.permissions import Action, Resource
from domain.webhooks import webhook as rules


class UpdateWebhookRequest(msgspec.Struct, frozen=True, kw_only=True):
    webhook_id: UUID
    expected_version: int | None = None  # from If-Match
    url: str | UnsetType = UNSET
    event_types: Sequence[str] | UnsetType = UNSET
    description: str | UnsetType | None = UNSET
    is_active: bool | UnsetType = UNSET


class UpdateWebhook:
    """Admins change where, what and whether a webhook sends. Switching a webhook the server
    turned off back on forgets why it went off; its waiting deliveries then go out, in order."""

    def __init__(
        self,
        webhooks: WebhookRepository,
        policy: WebhookPolicy,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._webhooks = webhooks
        self._policy = policy
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: UpdateWebhookRequest) -> WebhookView:
        caller.authorize(Resource.WEBHOOKS, Action.UPDATE)
        changes = self._checked(request)
        webhook = await for_change(
            self._webhooks.get(caller.company_id, request.webhook_id, for_update=True),
            "webhook",
            request.expected_version,
        )
        version, before = webhook.version, snapshot(webhook)
        if webhook.edit(changes, self._clock.now()):
            await self._webhooks.save(webhook, expected_version=version)
            await self._events.changed(caller, "webhook.updated", webhook, before)
        await self._uow.commit()
        return WebhookView.of(webhook)

    def _checked(self, request: UpdateWebhookRequest) -> dict[str, object]:
        problems = ProblemCollector()
        changes: dict[str, object] = {}
        checks = {
            "url": lambda v: rules.webhook_url(v, allow_http=self._policy.allow_http),
            "event_types": lambda v: rules.event_types(v, EVENT_TYPES),
            "description": rules.description,
            "is_active": lambda v: v,
        }
        for name, check in checks.items():
            value = getattr(request, name)
            if value is UNSET:
                continue
            try:
                changes[name] = check(value)
            except InvalidInput as error:
                problems.absorb(error)
        problems.raise_if_any()
        return changes
