"""Webhooks over HTTP: the admin's resource, and what its events queue."""

from __future__ import annotations

import httpx
import pytest

from tests.api.catalog import API, Setup
from tests.support.http import assert_error
from tests.support.tenants import Tenant


async def make_webhook(
    client: httpx.AsyncClient, tenant: Tenant, url: str, types: list[str] | None = None
) -> dict:
    response = await client.post(
        f"{API}/webhooks",
        json={"url": url, "event_types": types or ["*"], "description": "ATS sync"},
        headers=tenant.admin.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


async def deliveries(client: httpx.AsyncClient, tenant: Tenant, webhook_id: str, **params) -> list:
    response = await client.get(
        f"{API}/webhooks/{webhook_id}/deliveries", params=params, headers=tenant.admin.headers
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_the_secret_is_shown_once(client: httpx.AsyncClient, tenant: Tenant) -> None:
    created = await make_webhook(client, tenant, "https://hooks.gefest.invalid/gefest")
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    assert created["is_active"] and created["event_types"] == ["*"]
    read = await client.get(f"{API}/webhooks/{created['id']}", headers=tenant.admin.headers)
    assert read.status_code == 200 and "secret" not in read.json()
    listed = await client.get(f"{API}/webhooks", headers=tenant.admin.headers)
    assert created["id"] in {item["id"] for item in listed.json()["items"]}
    assert created["secret"] not in listed.text
    feed = await client.get(
        f"{API}/events", params={"type": "webhook.*"}, headers=tenant.admin.headers
    )
    assert created["secret"] not in feed.text and "webhook.created" in feed.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://hooks.gefest.invalid", "event_types": ["*"]}, "url"),
        ({"url": "https://user:pw@hooks.gefest.invalid", "event_types": ["*"]}, "url"),
        ({"url": "https:///nohost", "event_types": ["*"]}, "url"),
        ({"url": "https://hooks.gefest.invalid/#x", "event_types": ["*"]}, "url"),
        ({"url": "https://hooks.gefest.invalid", "event_types": []}, "event_types"),
        (
            {"url": "https://hooks.gefest.invalid", "event_types": ["candidate.hired"]},
            "event_types[0]",
        ),
        (
            {"url": "https://hooks.gefest.invalid", "event_types": ["*", "candidate.created"]},
            "event_types",
        ),
    ],
)
async def test_a_bad_webhook_is_refused(
    client: httpx.AsyncClient, tenant: Tenant, body: dict, field: str
) -> None:
    response = await client.post(f"{API}/webhooks", json=body, headers=tenant.admin.headers)
    assert_error(response, 400, "invalid_request", field)


async def test_changes_are_versioned_and_recorded(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    created = await make_webhook(client, tenant, "https://hooks.gefest.invalid/a")
    item = f"{API}/webhooks/{created['id']}"
    changed = await client.patch(
        item,
        json={"event_types": ["candidate.created"], "is_active": False},
        headers={**tenant.admin.headers, "If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["event_types"] == ["candidate.created"] and changed.json()["version"] == 2
    stale = await client.patch(
        item, json={"description": "x"}, headers={**tenant.admin.headers, "If-Match": '"1"'}
    )
    assert_error(stale, 412, "precondition_failed")
    deleted = await client.delete(item, headers=tenant.admin.headers)
    assert deleted.status_code == 204
    assert_error(await client.get(item, headers=tenant.admin.headers), 404, "not_found")


async def test_an_event_is_queued_for_the_webhooks_that_want_it(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    everything = await make_webhook(client, tenant, "https://a.gefest.invalid/")
    candidates = await make_webhook(
        client, tenant, "https://b.gefest.invalid/", ["candidate.created"]
    )
    vacancies = await make_webhook(client, tenant, "https://c.gefest.invalid/", ["vacancy.created"])
    card = await Setup(client, tenant).post(
        "/candidates", {"first_name": "Анна", "last_name": "Webhookова"}
    )
    [queued] = await deliveries(client, tenant, candidates["id"])
    assert (queued["event_type"], queued["status"], queued["attempts"]) == (
        "candidate.created",
        "pending",
        0,
    )
    assert queued["event_type"] in {
        d["event_type"] for d in await deliveries(client, tenant, everything["id"])
    }
    assert await deliveries(client, tenant, vacancies["id"]) == []
    history = await client.get(
        f"{API}/candidates/{card['id']}/history", headers=tenant.admin.headers
    )
    assert history.json()["items"][0]["id"] == queued["event_id"]


async def test_a_switched_off_webhook_collects_nothing(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    webhook = await make_webhook(client, tenant, "https://a.gefest.invalid/")
    await client.patch(
        f"{API}/webhooks/{webhook['id']}", json={"is_active": False}, headers=tenant.admin.headers
    )
    await Setup(client, tenant).skill()
    assert await deliveries(client, tenant, webhook["id"]) == []


async def test_ping_and_redeliver_queue_deliveries(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    webhook = await make_webhook(client, tenant, "https://a.gefest.invalid/", ["skill.created"])
    other = await make_webhook(client, tenant, "https://b.gefest.invalid/")
    base = f"{API}/webhooks/{webhook['id']}"
    ping = await client.post(f"{base}/ping", headers=tenant.admin.headers)
    assert ping.status_code == 202, ping.text
    [pinged] = await deliveries(client, tenant, webhook["id"])
    assert pinged["event_type"] == "webhook.pinged" and pinged["id"] == ping.json()["delivery_id"]
    assert await deliveries(client, tenant, other["id"]) == []  # a ping is for its webhook alone
    again = await client.post(
        f"{base}/deliveries/{pinged['id']}/redeliver", headers=tenant.admin.headers
    )
    assert again.status_code == 202, again.text
    assert again.json()["event_id"] == pinged["event_id"]
    assert len(await deliveries(client, tenant, webhook["id"], status="pending")) == 2
    missing = await client.post(
        f"{base}/deliveries/{webhook['id']}/redeliver", headers=tenant.admin.headers
    )
    assert_error(missing, 404, "not_found")
    bad_status = await client.get(
        f"{base}/deliveries", params={"status": "lost"}, headers=tenant.admin.headers
    )
    assert_error(bad_status, 400, "invalid_request", "status")
