from __future__ import annotations

import math
from collections import deque
from datetime import datetime

_WINDOW_SECONDS = 60.0


class SlidingWindowLoginRateLimiter:
    """Per-key sliding one-minute window, kept in the process (each worker counts its own)."""

    def __init__(self, attempts_per_minute: int, max_keys: int = 100_000) -> None:
        self._limit = attempts_per_minute
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, now: datetime) -> int | None:
        moment = now.timestamp()
        window = self._hits.get(key)
        if window is None:
            if len(self._hits) >= self._max_keys:
                self._forget_idle(moment)
            window = self._hits.setdefault(key, deque())
        while window and window[0] <= moment - _WINDOW_SECONDS:
            window.popleft()
        if len(window) >= self._limit:
            return max(1, math.ceil(window[0] + _WINDOW_SECONDS - moment))
        window.append(moment)
        return None

    def _forget_idle(self, moment: float) -> None:
        for key in [k for k, w in self._hits.items() if not w or w[-1] <= moment - _WINDOW_SECONDS]:
            del self._hits[key]
