from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from application.caller import Caller
from application.events.catalogue import EVENT_TYPES
from application.events.recorder import EventRecorder
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from application.ports.webhooks import WebhookRepository, WebhookSecrets
from application.webhooks.policy import WebhookPolicy
from application.webhooks.views import CreatedWebhook, WebhookView
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.permissions import Action, Resource
from domain.webhooks import webhook as rules
from domain.webhooks.webhook import Webhook


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateWebhookRequest:
    url: str
    event_types: Sequence[str]
    description: str | None = None
    is_active: bool = True


class CreateWebhook:
    """Admins point the company's events at a URL: every event of the types named (or all,
    `*`) is then POSTed there, signed with a secret the server makes and shows only now."""

    def __init__(
        self,
        webhooks: WebhookRepository,
        secrets: WebhookSecrets,
        policy: WebhookPolicy,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._webhooks = webhooks
        self._secrets = secrets
        self._policy = policy
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: CreateWebhookRequest) -> CreatedWebhook:
        caller.authorize(Resource.WEBHOOKS, Action.CREATE)
        problems = ProblemCollector()
        checked = {}
        for name, check in (
            ("url", lambda: rules.webhook_url(request.url, allow_http=self._policy.allow_http)),
            ("event_types", lambda: rules.event_types(request.event_types, EVENT_TYPES)),
            ("description", lambda: rules.description(request.description)),
        ):
            try:
                checked[name] = check()
            except InvalidInput as error:
                problems.absorb(error)
        problems.raise_if_any()
        now = self._clock.now()
        webhook = Webhook(
            id=self._ids.new_id(),
            company_id=caller.company_id,
            secret=self._secrets.new_secret(),
            created_by=caller.user_id,
            created_at=now,
            updated_at=now,
            is_active=request.is_active,
            **checked,
        )
        await self._webhooks.add(webhook)
        await self._events.created(caller, webhook)
        await self._uow.commit()
        view = WebhookView.of(webhook)
        return CreatedWebhook(
            **{f: getattr(view, f) for f in view.__struct_fields__}, secret=webhook.secret
        )
