from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class WebhookPolicy:
    allow_http: bool  # http:// targets too (development); production takes https only
    lease: timedelta = timedelta(seconds=60)  # how long a worker holds a webhook it sends for
    batch: int = 100  # deliveries a worker sends per claim of a webhook
