"""Webhook rules in plain Python: targets, event types, retry timing, giving up, attempts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.errors import InvalidInput
from domain.webhooks.delivery import DELIVERED, FAILED, PENDING, Attempt, Delivery
from domain.webhooks.retry import GIVE_UP_AFTER, LONGEST_DELAY, gives_up, retry_delay
from domain.webhooks.webhook import Webhook, event_types, webhook_url

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_production_takes_https_only() -> None:
    assert webhook_url(" https://hooks.gefest.invalid/x ", allow_http=False) == (
        "https://hooks.gefest.invalid/x"
    )
    with pytest.raises(InvalidInput):
        webhook_url("http://hooks.gefest.invalid/x", allow_http=False)
    assert webhook_url("http://127.0.0.1:9000/x", allow_http=True)


@pytest.mark.parametrize(
    "url",
    [
        "hooks.gefest.invalid",
        "https://",
        "https://a:b@h.example.com",
        "https://h/#f",
        "https://h/ x",
    ],
)
def test_a_malformed_target_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput):
        webhook_url(url, allow_http=True)


def test_event_types_are_known_ones_or_all() -> None:
    known = {"candidate.created", "vacancy.created"}
    assert event_types(["candidate.created", "candidate.created"], known) == ("candidate.created",)
    assert event_types(["*"], known) == ("*",)
    for wrong in ([], ["candidate.hired"], ["*", "candidate.created"]):
        with pytest.raises(InvalidInput):
            event_types(wrong, known)


def test_retries_back_off_exponentially_with_jitter_up_to_an_hour() -> None:
    middle = [retry_delay(n, 0.5) for n in range(1, 6)]
    assert middle == [timedelta(seconds=s) for s in (10, 20, 40, 80, 160)]
    assert retry_delay(1, 0.0) == timedelta(seconds=5) and retry_delay(1, 0.999) < timedelta(
        seconds=15
    )
    assert retry_delay(50, 0.5) == LONGEST_DELAY


def test_a_day_of_failures_is_the_end() -> None:
    assert not gives_up(NOW - GIVE_UP_AFTER + timedelta(seconds=1), NOW)
    assert gives_up(NOW - GIVE_UP_AFTER, NOW)


def _delivery() -> Delivery:
    return Delivery(
        id=uuid4(), company_id=uuid4(), webhook_id=uuid4(), event_id=uuid4(), event_type="x.y"
    )


def test_an_attempt_moves_a_delivery_along() -> None:
    delivery = _delivery()
    assert not delivery.record(Attempt(500, "no" * 1000, 12), NOW, 0.5)
    assert (delivery.status, delivery.attempts, delivery.failing_since) == (PENDING, 1, NOW)
    assert delivery.next_attempt_at == NOW + timedelta(seconds=10)
    assert len(delivery.last_response or "") == 1024
    later = NOW + timedelta(minutes=1)
    assert not delivery.record(Attempt(None, "", 10_000, "timed out"), later, 0.5)
    assert delivery.failing_since == NOW and delivery.last_error == "timed out"
    assert not delivery.record(Attempt(204, "", 5), later, 0.5)
    assert (delivery.status, delivery.delivered_at, delivery.next_attempt_at) == (
        DELIVERED,
        later,
        None,
    )


def test_a_redirect_is_a_failure_and_a_day_of_them_gives_up() -> None:
    delivery = _delivery()
    delivery.record(Attempt(302, "", 3), NOW, 0.5)
    assert delivery.status == PENDING
    assert delivery.record(Attempt(302, "", 3), NOW + GIVE_UP_AFTER, 0.5)
    assert delivery.status == FAILED and delivery.next_attempt_at is None


def test_what_a_webhook_collects() -> None:
    webhook = Webhook(
        id=uuid4(),
        company_id=uuid4(),
        url="https://h.gefest.invalid/",
        event_types=("candidate.created",),
        secret="whsec_x",
        created_by=uuid4(),
        created_at=NOW,
        updated_at=NOW,
    )
    assert webhook.collects("candidate.created") and not webhook.collects("vacancy.created")
    webhook.switch_off("a day of failures", NOW)
    assert webhook.collects("candidate.created")  # switched off by the server: it catches up
    webhook.disabled_reason = None  # as an admin's switch-off leaves it
    assert not webhook.collects("candidate.created")
    webhook.is_active, webhook.event_types = True, ("*",)
    assert webhook.collects("vacancy.created")
