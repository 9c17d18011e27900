"""The webhook use cases on the in-memory adapters: who may, what is checked, what is queued,
and how the worker's round sends, waits, retries and gives up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from uuid import uuid4

import msgspec
import pytest

from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from adapters.memory.webhooks import (
    InMemoryOutbox,
    InMemoryWebhookQueries,
    InMemoryWebhookRepository,
)
from adapters.security.webhook_secrets import RandomWebhookSecrets
from application.caller import Caller
from application.errors import AccessDenied, NotFound, PreconditionFailed
from application.pagination import Page
from application.webhooks.create_webhook import CreateWebhook, CreateWebhookRequest
from application.webhooks.deliver_due import DeliverDueWebhooks
from application.webhooks.policy import WebhookPolicy
from application.webhooks.read_webhooks import ListDeliveries, ListDeliveriesRequest
from application.webhooks.send_again import PingWebhook, Redeliver, RedeliverRequest
from application.webhooks.update_webhook import UpdateWebhook, UpdateWebhookRequest
from domain.errors import InvalidInput
from domain.identity.role import Role
from domain.webhooks.delivery import Attempt
from tests.support.events import events_of, recorder
from tests.support.fakes import FixedClock, SequentialIdGenerator


@dataclass
class Sender:
    """A receiver that answers as planned (then 200) and remembers what it got."""

    plan: list[Attempt] = field(default_factory=list)
    got: list[tuple[str, dict, bytes]] = field(default_factory=list)

    async def send(self, url: str, headers: dict[str, str], body: bytes) -> Attempt:
        attempt = self.plan.pop(0) if self.plan else Attempt(200, "ok", 1)
        if attempt.succeeded:
            self.got.append((url, headers, body))
        return attempt


@dataclass
class World:
    store: InMemoryStore = field(default_factory=InMemoryStore)
    clock: FixedClock = field(default_factory=FixedClock)
    ids: SequentialIdGenerator = field(default_factory=SequentialIdGenerator)
    sender: Sender = field(default_factory=Sender)
    company_id: object = field(default_factory=uuid4)
    policy: WebhookPolicy = field(default_factory=lambda: WebhookPolicy(allow_http=True))

    def caller(self, role: Role = Role.ADMIN) -> Caller:
        return Caller(uuid4(), self.company_id, role)  # type: ignore[arg-type]

    def parts(self):
        events = recorder(self.store, self.clock, self.ids)
        return InMemoryWebhookRepository(self.store), events, InMemoryUnitOfWork(self.store)

    @property
    def outbox(self) -> InMemoryOutbox:
        return InMemoryOutbox(self.store, self.clock)

    async def create(self, caller: Caller | None = None, **fields):
        repo, events, uow = self.parts()
        use_case = CreateWebhook(
            repo, RandomWebhookSecrets(), self.policy, self.clock, self.ids, events, uow
        )
        values = {"url": "https://hooks.gefest.invalid/x", "event_types": ["*"], **fields}
        return await use_case.execute(caller or self.caller(), CreateWebhookRequest(**values))

    async def update(self, webhook_id, **fields):
        repo, events, uow = self.parts()
        use_case = UpdateWebhook(repo, self.policy, self.clock, events, uow)
        return await use_case.execute(
            self.caller(), UpdateWebhookRequest(webhook_id=webhook_id, **fields)
        )

    async def happen(self, type: str = "skill.created") -> None:
        await recorder(self.store, self.clock, self.ids).record(self.caller(), type, uuid4())

    async def deliver(self) -> int:
        use_case = DeliverDueWebhooks(
            self.outbox, self.sender, self.policy, self.clock, self.ids, lambda: 0.5
        )
        return await use_case.execute()

    async def deliveries(self, webhook_id, status=None):
        use_case = ListDeliveries(
            InMemoryWebhookRepository(self.store), InMemoryWebhookQueries(self.store)
        )
        request = ListDeliveriesRequest(webhook_id, status, Page(200, 0))
        return (await use_case.execute(self.caller(), request)).items


@pytest.fixture
def world() -> World:
    return World()


async def test_only_admins_manage_webhooks(world: World) -> None:
    for role in (Role.MANAGER, Role.RECRUITER, Role.CUSTOMER, Role.EMPLOYEE):
        with pytest.raises(AccessDenied):
            await world.create(world.caller(role))
    created = await world.create()
    assert created.secret.startswith("whsec_")
    [event] = events_of(world.store)
    assert event.type == "webhook.created" and created.secret not in str(event.changes)


async def test_production_refuses_plain_http(world: World) -> None:
    world.policy = WebhookPolicy(allow_http=False)
    with pytest.raises(InvalidInput):
        await world.create(url="http://hooks.gefest.invalid/x")


async def test_every_problem_is_reported_together(world: World) -> None:
    with pytest.raises(InvalidInput) as error:
        await world.create(url="ftp://x", event_types=["nope"], description="x" * 501)
    assert {p.field for p in error.value.problems} == {"url", "event_types[0]", "description"}
    assert events_of(world.store) == []


async def test_an_update_is_versioned_and_turning_on_forgets_why_it_went_off(world: World) -> None:
    created = await world.create()
    world.store.table("webhooks")[created.id].switch_off("down for a day", world.clock.now())
    with pytest.raises(PreconditionFailed):
        await world.update(created.id, expected_version=1, description="x")
    view = await world.update(created.id, is_active=True)
    assert view.is_active and view.disabled_reason is None
    before = len(events_of(world.store))
    await world.update(created.id, is_active=True)  # nothing to change: no event
    assert len(events_of(world.store)) == before


async def test_events_go_out_in_order_and_a_failure_holds_the_rest_back(world: World) -> None:
    created = await world.create(event_types=["skill.created"])
    for _ in range(3):
        await world.happen()
    await world.happen("vacancy.created")  # not wanted
    world.sender.plan = [Attempt(500, "no", 3)]
    assert await world.deliver() == 1
    assert world.sender.got == [] and await world.deliver() == 0  # waiting for the retry
    world.clock.advance(seconds=9)
    assert await world.deliver() == 0
    world.clock.advance(seconds=2)  # 10 s (jitter 0.5) after the failure
    assert await world.deliver() == 3
    sent = [msgspec.json.decode(body)["type"] for _, _, body in world.sender.got]
    assert sent == ["skill.created"] * 3
    ids = [msgspec.json.decode(body)["id"] for _, _, body in world.sender.got]
    assert ids == sorted(ids)
    url, headers, _ = world.sender.got[0]
    assert url == created.url and headers["Gefest-Event"] == "skill.created"
    assert headers["Gefest-Signature"].startswith("v1=")


async def test_a_day_of_failures_switches_the_webhook_off(world: World) -> None:
    created = await world.create()
    await world.happen()
    world.sender.plan = [Attempt(None, "", 10_000, "timed out")] * 200
    for _ in range(100):
        await world.deliver()
        world.clock.advance(hours=1)
    webhook = world.store.table("webhooks")[created.id]
    assert not webhook.is_active and "timed out" in (webhook.disabled_reason or "")
    [failed] = await world.deliveries(created.id, "failed")
    assert failed.last_error == "timed out"
    disabled = [e for e in events_of(world.store) if e.type == "webhook.disabled"]
    assert len(disabled) == 1 and disabled[0].actor_id is None


async def test_ping_and_redeliver_queue_for_that_webhook_alone(world: World) -> None:
    created = await world.create()
    other = await world.create()
    repo, events, uow = world.parts()
    ping = await PingWebhook(repo, world.outbox, events, uow).execute(world.caller(), created.id)
    assert [d.event_type for d in await world.deliveries(created.id)] == ["webhook.pinged"]
    assert await world.deliveries(other.id) == []
    redeliver = Redeliver(repo, world.outbox, events, uow)
    again = await redeliver.execute(world.caller(), RedeliverRequest(created.id, ping.delivery_id))
    assert again.event_id == ping.event_id
    with pytest.raises(NotFound):
        await redeliver.execute(world.caller(), RedeliverRequest(other.id, ping.delivery_id))
    assert await world.deliver() == 2
    world.clock.advance(days=8)
    assert await world.outbox.forget_delivered_before(world.clock.now() - timedelta(days=7)) == 2
