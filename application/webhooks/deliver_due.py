from __future__ import annotations

from application.ports.system import Clock, IdGenerator
from application.ports.webhooks import ClaimedWebhook, Jitter, WebhookOutbox, WebhookSender
from application.webhooks.policy import WebhookPolicy
from application.webhooks.signature import delivery_headers
from domain.events.event import Change, EntityRef, Event


class DeliverDueWebhooks:
    """One round of a `gefest worker`: lease a webhook that has deliveries due, send them in
    event order, and let it go. A failure stops the round for that webhook (what comes after
    waits, so a receiver sees the company's events in order) and schedules the retry; after a
    day of failures the delivery is given up and the webhook switched off, saying why. Several
    workers share the outbox: a leased webhook is nobody else's until released."""

    def __init__(
        self,
        outbox: WebhookOutbox,
        sender: WebhookSender,
        policy: WebhookPolicy,
        clock: Clock,
        ids: IdGenerator,
        jitter: Jitter,
    ) -> None:
        self._outbox = outbox
        self._sender = sender
        self._policy = policy
        self._clock = clock
        self._ids = ids
        self._jitter = jitter

    async def execute(self) -> int:
        """How many deliveries were attempted (0: nothing was due)."""
        webhook = await self._outbox.claim()
        if webhook is None:
            return 0
        attempted = 0
        try:
            for due in await self._outbox.due(webhook.id, self._policy.batch):
                delivery = due.delivery
                headers = delivery_headers(
                    secret=webhook.secret,
                    timestamp=int(self._clock.now().timestamp()),
                    event_type=delivery.event_type,
                    delivery_id=str(delivery.id),
                    body=due.payload,
                )
                attempt = await self._sender.send(webhook.url, headers, due.payload)
                attempted += 1
                now = self._clock.now()
                gave_up = delivery.record(attempt, now, self._jitter())
                await self._outbox.record(delivery, attempt, delivery.next_attempt_at)
                if gave_up:
                    reason = f"deliveries failed for 24 hours; the last: {attempt.summary()}"
                    await self._outbox.switch_off(
                        webhook.id, reason, self._disabled(webhook, reason)
                    )
                if not attempt.succeeded:
                    break
        finally:
            await self._outbox.release(webhook.id)
        return attempted

    def _disabled(self, webhook: ClaimedWebhook, reason: str) -> Event:
        return Event(
            id=self._ids.new_id(),
            company_id=webhook.company_id,
            type="webhook.disabled",
            entity=EntityRef("webhook", webhook.id),
            actor_id=None,
            occurred_at=self._clock.now(),
            changes=(Change("is_active", True, False), Change("disabled_reason", None, reason)),
        )
