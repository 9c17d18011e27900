"""Webhook delivery against a real receiver on loopback: a `DeliverDueWebhooks` round as a
`gefest worker` runs it (its own container, the outbox on the test database, the real HTTP
sender), and several worker processes sharing one outbox."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from dishka import AsyncContainer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.webhooks.deliver_due import DeliverDueWebhooks
from entrypoints.ioc import WorkerProvider, make_container
from tests.api.catalog import API, Setup
from tests.api.conftest import api_settings
from tests.api.test_webhooks import deliveries, make_webhook
from tests.support.receiver import Receiver, running_receiver
from tests.support.tenants import Tenant


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


@pytest.fixture
async def worker(migrated_database_url: str) -> AsyncIterator[AsyncContainer]:
    settings = api_settings(
        migrated_database_url, webhook_allow_private=True, webhook_timeout_seconds=0.5
    )
    container = make_container(settings, WorkerProvider("test-worker"))
    yield container
    await container.close()


async def drain(worker: AsyncContainer) -> int:
    """Worker rounds until nothing is due; how many deliveries were attempted."""
    deliver = await worker.get(DeliverDueWebhooks)
    total = 0
    while sent := await deliver.execute():
        total += sent
    return total


async def time_passes(worker: AsyncContainer) -> None:
    """Every scheduled retry is due now."""
    engine = await worker.get(AsyncEngine)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE webhooks SET retry_at = NULL"))


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """The README's recipe for a receiver."""
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(f"v1={expected.hexdigest()}", signature)


async def test_events_arrive_in_order_signed(
    client: httpx.AsyncClient, tenant: Tenant, receiver: Receiver, worker: AsyncContainer
) -> None:
    webhook = await make_webhook(client, tenant, f"{receiver.url}/ordered", ["*"])
    setup = Setup(client, tenant)
    skills = [await setup.skill() for _ in range(5)]
    assert await drain(worker) >= 5
    got = receiver.paths("/ordered")
    created = [r for r in got if r.headers["Gefest-Event"] == "skill.created"]
    assert [r.event["entity"]["id"] for r in created][-5:] == [s["id"] for s in skills]
    ids = [r.event["id"] for r in got]
    assert ids == sorted(ids), "events arrive in the order they happened"
    first = created[0]
    assert first.event["actor"]["id"] == str(tenant.admin.id)
    assert first.headers["Content-Type"] == "application/json"
    assert first.headers["Gefest-Delivery"] and first.headers["Gefest-Timestamp"].isdigit()
    stamp, signature = first.headers["Gefest-Timestamp"], first.headers["Gefest-Signature"]
    assert verify(webhook["secret"], stamp, first.body, signature)
    assert not verify(webhook["secret"], stamp, first.body.replace(b"skill", b"skilL"), signature)
    assert not verify(webhook["secret"], str(int(stamp) - 1), first.body, signature)
    [done] = [
        d
        for d in await deliveries(client, tenant, webhook["id"])
        if d["event_id"] == first.event["id"]
    ]
    assert (done["status"], done["attempts"], done["last_status_code"]) == ("delivered", 1, 200)


async def test_a_receiver_that_fails_times_out_then_recovers_gets_everything(
    client: httpx.AsyncClient, tenant: Tenant, receiver: Receiver, worker: AsyncContainer
) -> None:
    webhook = await make_webhook(client, tenant, f"{receiver.url}/flaky", ["skill.created"])
    setup = Setup(client, tenant)
    skills = [await setup.skill() for _ in range(3)]
    receiver.answer(500, 1.0, 503)  # an error, a timeout (the sender waits 0.5 s), an error
    for failures in range(1, 4):
        await drain(worker)
        tried = await deliveries(client, tenant, webhook["id"])
        # the first in line fails; the others wait their turn
        assert sorted(d["attempts"] for d in tried) == [0, 0, failures]
        assert receiver.paths("/flaky") == []
        await time_passes(worker)
    await drain(worker)
    got = [r.event["entity"]["id"] for r in receiver.paths("/flaky")]
    assert got == [s["id"] for s in skills]
    head = [d for d in await deliveries(client, tenant, webhook["id"]) if d["attempts"] == 4]
    assert head and head[0]["status"] == "delivered"


async def test_a_day_of_failures_switches_the_webhook_off_and_says_why(
    client: httpx.AsyncClient, tenant: Tenant, receiver: Receiver, worker: AsyncContainer
) -> None:
    webhook = await make_webhook(client, tenant, f"{receiver.url}/down", ["skill.created"])
    await Setup(client, tenant).skill()
    receiver.answer(500, 500)
    await drain(worker)
    [failing] = await deliveries(client, tenant, webhook["id"])
    assert (failing["attempts"], failing["last_status_code"]) == (1, 500)
    engine = await worker.get(AsyncEngine)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE webhook_deliveries SET failing_since = now() - interval '25 hours' "
                "WHERE webhook_id = :id"
            ),
            {"id": webhook["id"]},
        )
    await time_passes(worker)
    await drain(worker)
    read = (
        await client.get(f"{API}/webhooks/{webhook['id']}", headers=tenant.admin.headers)
    ).json()
    assert read["is_active"] is False and "24 hours" in read["disabled_reason"]
    assert "HTTP 500" in read["disabled_reason"]
    [failed] = await deliveries(client, tenant, webhook["id"], status="failed")
    assert failed["last_response"] == "receiver says no"
    feed = await client.get(
        f"{API}/events", params={"type": "webhook.disabled"}, headers=tenant.admin.headers
    )
    assert any(
        e["entity"]["id"] == webhook["id"] and e["actor"] is None for e in feed.json()["items"]
    )
    # Switched off by the server, it still collects; turned on again, it catches up.
    later = await Setup(client, tenant).skill()
    await client.patch(
        f"{API}/webhooks/{webhook['id']}", json={"is_active": True}, headers=tenant.admin.headers
    )
    await drain(worker)
    assert receiver.paths("/down")[-1].event["entity"]["id"] == later["id"]


async def test_private_targets_are_refused_unless_allowed(
    client: httpx.AsyncClient, tenant: Tenant, receiver: Receiver, migrated_database_url: str
) -> None:
    webhook = await make_webhook(client, tenant, f"{receiver.url}/private", ["skill.created"])
    await Setup(client, tenant).skill()
    settings = api_settings(migrated_database_url, webhook_allow_private=False)
    strict = make_container(settings, WorkerProvider("strict-worker"))
    try:
        await drain(strict)
    finally:
        await strict.close()
    assert receiver.paths("/private") == []
    [refused] = await deliveries(client, tenant, webhook["id"])
    assert refused["status"] == "pending" and "refused" in refused["last_error"]
    assert "private address (127.0.0.1)" in refused["last_error"]


def _start_workers(url: str, count: int) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "APP_ENV": "test",
        "WEBHOOK_ALLOW_PRIVATE": "true",
        "WORKER_POLL_SECONDS": "0.05",
    }
    command = [sys.executable, "-m", "entrypoints.cli.main", "worker"]
    return [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(count)
    ]


async def test_several_workers_deliver_every_event_once_in_order(
    client: httpx.AsyncClient, tenant: Tenant, receiver: Receiver, migrated_database_url: str
) -> None:
    hooks = [
        await make_webhook(client, tenant, f"{receiver.url}/shared-{n}", ["skill.created"])
        for n in range(3)
    ]
    setup = Setup(client, tenant)
    workers = _start_workers(migrated_database_url, 3)
    try:
        made = [(await setup.skill())["id"] for _ in range(40)]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if all(len(receiver.paths(f"/shared-{n}")) >= len(made) for n in range(3)):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # a double send, if there were one, would arrive by now
    finally:
        for process in workers:
            process.terminate()
        errors = [process.communicate(timeout=20)[1].decode() for process in workers]
    assert all(process.returncode == 0 for process in workers), errors
    for n, _ in enumerate(hooks):
        got = [r.event["entity"]["id"] for r in receiver.paths(f"/shared-{n}")]
        assert got == made, f"webhook {n}: every event once, in order"
