"""Webhooks (admins): where the company's events are sent, and the log of what was sent."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from application.caller import Caller
from application.pagination import Page
from application.webhooks.create_webhook import CreateWebhook, CreateWebhookRequest
from application.webhooks.delete_webhook import DeleteWebhook, DeleteWebhookRequest
from application.webhooks.read_webhooks import (
    GetWebhook,
    ListDeliveries,
    ListDeliveriesRequest,
    ListWebhooks,
)
from application.webhooks.send_again import PingWebhook, QueuedDelivery, Redeliver, RedeliverRequest
from application.webhooks.update_webhook import UpdateWebhook, UpdateWebhookRequest
from application.webhooks.views import CreatedWebhook, DeliveryList, WebhookList, WebhookView
from domain.webhooks.webhook import MAX_DESCRIPTION, MAX_EVENT_TYPES, MAX_URL_LENGTH
from entrypoints.http.bodies import body_mapping
from entrypoints.http.envelope import error_responses
from entrypoints.http.etags import ETAG_HEADER, IfMatch, expected_version, with_etag
from entrypoints.http.paging import Limit, Offset

Url = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_URL_LENGTH)]
EventTypes = Annotated[
    list[Annotated[str, msgspec.Meta(max_length=100)]],
    msgspec.Meta(
        max_length=MAX_EVENT_TYPES,
        description='Event types to send (see the catalogue), or ["*"] for every one',
    ),
]
Description = Annotated[str, msgspec.Meta(max_length=MAX_DESCRIPTION)]


class WebhookBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    url: Annotated[
        Url, msgspec.Meta(description="An https URL (plain http too, not in production)")
    ]
    event_types: EventTypes
    description: Description | None = None
    is_active: bool = True


class WebhookPatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    url: Url | msgspec.UnsetType = msgspec.UNSET
    event_types: EventTypes | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType | None = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class QueuedView(msgspec.Struct, frozen=True):
    delivery_id: UUID
    event_id: UUID


_new_webhook = body_mapping(WebhookBody, CreateWebhookRequest)
_webhook_changes = body_mapping(WebhookPatch, UpdateWebhookRequest)
DeliveryStatus = Annotated[
    str | None,
    QueryParameter(pattern="^(pending|delivered|failed)$", description="Only this status"),
]


def _queued(queued: QueuedDelivery) -> Response[QueuedView]:
    return Response(QueuedView(queued.delivery_id, queued.event_id), status_code=202)


class WebhookController(Controller):
    path = "/webhooks"
    tags = ("webhooks",)

    @post(
        "/",
        operation_id="createWebhook",
        summary="Create a webhook",
        description="Admins. Every event of the types named is POSTed to `url`, signed "
        "(`Gefest-Signature`, see the README). The `secret` is in this answer only: keep it.",
        responses=error_responses(),
        response_headers=[ETAG_HEADER],
    )
    async def create_webhook(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[WebhookBody],
        caller: FromDishka[Caller],
        use_case: FromDishka[CreateWebhook],
    ) -> Response[CreatedWebhook]:
        view = await use_case.execute(caller, _new_webhook(data))
        return with_etag(view, 201, Location=f"{request.url.path.rstrip('/')}/{view.id}")

    @get(
        "/",
        operation_id="listWebhooks",
        summary="List webhooks",
        description="Admins. Oldest first.",
        responses=error_responses(),
    )
    async def list_webhooks(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[ListWebhooks],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> WebhookList:
        return await use_case.execute(caller, Page(limit, offset))

    @get(
        "/{webhook_id:uuid}",
        operation_id="getWebhook",
        summary="One webhook",
        description="Admins. `disabled_reason` says why the server switched it off.",
        responses=error_responses(404),
        response_headers=[ETAG_HEADER],
    )
    async def get_webhook(
        self,
        webhook_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[GetWebhook],
    ) -> Response[WebhookView]:
        return with_etag(await use_case.execute(caller, webhook_id))

    @patch(
        "/{webhook_id:uuid}",
        operation_id="updateWebhook",
        summary="Change a webhook",
        description="Admins. Absent fields stay. `is_active: true` turns a webhook the server "
        "switched off back on: what it missed meanwhile then goes out, in order.",
        responses=error_responses(404, 412),
        response_headers=[ETAG_HEADER],
    )
    async def update_webhook(
        self,
        webhook_id: FromPath[UUID],
        data: JSONBody[WebhookPatch],
        caller: FromDishka[Caller],
        use_case: FromDishka[UpdateWebhook],
        if_match: IfMatch = None,
    ) -> Response[WebhookView]:
        request = _webhook_changes(
            data, webhook_id=webhook_id, expected_version=expected_version(if_match)
        )
        return with_etag(await use_case.execute(caller, request))

    @delete(
        "/{webhook_id:uuid}",
        operation_id="deleteWebhook",
        summary="Delete a webhook",
        description="Admins. Nothing more is sent; its delivery log goes with it.",
        responses=error_responses(404, 412),
    )
    async def delete_webhook(
        self,
        webhook_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteWebhook],
        if_match: IfMatch = None,
    ) -> None:
        await use_case.execute(caller, DeleteWebhookRequest(webhook_id, expected_version(if_match)))

    @get(
        "/{webhook_id:uuid}/deliveries",
        operation_id="listWebhookDeliveries",
        summary="The webhook's deliveries",
        description="Admins. Newest first: status, attempts, the receiver's last status and "
        "answer (1 KiB), how long it took, when it is tried again.",
        responses=error_responses(404),
    )
    async def list_deliveries(
        self,
        webhook_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[ListDeliveries],
        status: DeliveryStatus = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> DeliveryList:
        request = ListDeliveriesRequest(webhook_id, status, Page(limit, offset))
        return await use_case.execute(caller, request)

    @post(
        "/{webhook_id:uuid}/deliveries/{delivery_id:uuid}/redeliver",
        operation_id="redeliverWebhook",
        status_code=202,
        summary="Send a delivery's event again",
        description="Admins. A new delivery of the same event is queued.",
        responses=error_responses(404),
    )
    async def redeliver(
        self,
        webhook_id: FromPath[UUID],
        delivery_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[Redeliver],
    ) -> Response[QueuedView]:
        return _queued(await use_case.execute(caller, RedeliverRequest(webhook_id, delivery_id)))

    @post(
        "/{webhook_id:uuid}/ping",
        operation_id="pingWebhook",
        status_code=202,
        summary="Send a test event",
        description="Admins. A `webhook.pinged` event is queued for this webhook alone.",
        responses=error_responses(404),
    )
    async def ping(
        self,
        webhook_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[PingWebhook],
    ) -> Response[QueuedView]:
        return _queued(await use_case.execute(caller, webhook_id))
