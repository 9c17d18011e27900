"""The signature of a delivery, as a receiver checks it (the README shows the recipe):
`Gefest-Signature: v1=<hex HMAC-SHA256 of "<Gefest-Timestamp>.<body>" with the secret>`.
The timestamp is inside the signed text, so a receiver that refuses old timestamps refuses
replays."""

from __future__ import annotations

import hashlib
import hmac


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={digest.hexdigest()}"


def delivery_headers(
    *, secret: str, timestamp: int, event_type: str, delivery_id: str, body: bytes
) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Gefest-Webhooks/1",
        "Gefest-Event": event_type,
        "Gefest-Delivery": delivery_id,
        "Gefest-Timestamp": str(timestamp),
        "Gefest-Signature": signature(secret, timestamp, body),
    }
