"""`gefest events prune`: delete the events older than EVENT_RETENTION_DAYS."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from application.events.prune_events import PruneEvents
from entrypoints.settings import Settings

if TYPE_CHECKING:
    from dishka import AsyncContainer


def events_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action", choices=("prune",), help="prune: delete events past EVENT_RETENTION_DAYS"
    )


def events_command(args: argparse.Namespace, settings: Settings) -> int:
    """The server prunes on its housekeeping timer too; this is for a cron or a one-off."""
    from entrypoints.cli.request_scope import run_in_request  # the composition root: heavy

    async def prune(request_scope: AsyncContainer) -> int:
        return await (await request_scope.get(PruneEvents)).execute()

    pruned = run_in_request(settings, prune)
    print(f"{pruned} events older than {settings.event_retention_days} days deleted")
    return 0
