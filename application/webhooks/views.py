from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from domain.webhooks.webhook import Webhook


class WebhookView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    url: str
    event_types: list[str]
    description: str | None
    is_active: bool
    disabled_reason: str | None  # why the server switched it off (a day of failed deliveries)
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, webhook: Webhook) -> WebhookView:
        return cls(
            id=webhook.id,
            url=webhook.url,
            event_types=list(webhook.event_types),
            description=webhook.description,
            is_active=webhook.is_active,
            disabled_reason=webhook.disabled_reason,
            created_at=webhook.created_at,
            updated_at=webhook.updated_at,
            version=webhook.version,
        )


class CreatedWebhook(WebhookView, frozen=True, kw_only=True):
    secret: str  # shown once, at creation: the key of the deliveries' signatures


class WebhookList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[WebhookView]
    count: int


class DeliveryView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    event_type: str
    status: str  # pending, delivered, failed
    attempts: int
    last_status_code: int | None
    last_response: str | None  # the receiver's answer, clipped to 1 KiB
    last_error: str | None  # no answer: a timeout, a refused address, ...
    duration_ms: int | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None


class DeliveryList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[DeliveryView]
    count: int
