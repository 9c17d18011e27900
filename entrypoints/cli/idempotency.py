"""`gefest prune-idempotency`: delete the idempotency answers older than IDEMPOTENCY_TTL_HOURS."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from application.idempotency.prune_answers import PruneIdempotencyAnswers
from entrypoints.settings import Settings

if TYPE_CHECKING:
    from dishka import AsyncContainer


def prune_idempotency_command(args: argparse.Namespace, settings: Settings) -> int:
    """The server prunes hourly by itself; this is for an operator's cron or a one-off."""
    from entrypoints.cli.request_scope import run_in_request  # the composition root: heavy

    async def prune(request_scope: AsyncContainer) -> int:
        return await (await request_scope.get(PruneIdempotencyAnswers)).execute()

    pruned = run_in_request(settings, prune)
    print(f"{pruned} expired idempotency answers deleted")
    return 0
