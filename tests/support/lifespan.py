"""The app's startup and shutdown hooks, run by hand where a test drives the app through
`httpx.ASGITransport` (which sends no lifespan events)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from litestar import Litestar


async def _run(app: Litestar, hooks: Sequence[Callable[..., Any]]) -> None:
    for hook in hooks:
        result = hook(app) if inspect.signature(hook).parameters else hook()
        if inspect.isawaitable(result):
            await result


async def start_app(app: Litestar) -> None:
    await _run(app, app.on_startup)


async def stop_app(app: Litestar) -> None:
    """The shutdown hooks: the housekeeping timer stops and the container closes."""
    await _run(app, app.on_shutdown)
