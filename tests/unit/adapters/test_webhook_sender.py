"""The sender's guard against SSRF, and the signature a receiver checks."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

import pytest

from adapters.webhooks.sender import HttpxWebhookSender, Refused, checked_address, is_public
from application.webhooks.signature import delivery_headers, signature


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "224.0.0.1",
    ],
)
def test_private_and_special_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


def test_a_public_address_is(address: str = "93.184.216.34") -> None:
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "169.254.169.254", "[::1]", "10.0.0.1"])
async def test_a_private_target_is_refused_at_send_time(host: str) -> None:
    with pytest.raises(Refused):
        await checked_address(host, 80, allow_private=False)
    sender = HttpxWebhookSender(timeout_seconds=1, allow_private=False)
    try:
        attempt = await sender.send(f"http://{host}:9/hook", {}, b"{}")
    finally:
        await sender.close()
    assert not attempt.succeeded and attempt.status_code is None
    assert attempt.error and attempt.error.startswith("refused:")


async def test_a_private_target_is_allowed_when_configured() -> None:
    assert str(await checked_address("localhost", 80, allow_private=True)) in ("127.0.0.1", "::1")


async def test_an_unresolvable_host_is_refused() -> None:
    with pytest.raises(Refused):
        await checked_address("no-such-host.invalid", 443, allow_private=False)


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    body = b'{"type":"candidate.created"}'
    expected = hmac.new(b"whsec_k", b"1765108800." + body, hashlib.sha256).hexdigest()
    assert signature("whsec_k", 1765108800, body) == f"v1={expected}"
    headers = delivery_headers(
        secret="whsec_k",
        timestamp=1765108800,
        event_type="candidate.created",
        delivery_id="d-1",
        body=body,
    )
    assert headers["Gefest-Signature"] == f"v1={expected}"
    assert headers["Gefest-Event"] == "candidate.created" and headers["Gefest-Delivery"] == "d-1"
    assert signature("whsec_k", 1765108800, body + b" ") != headers["Gefest-Signature"]
