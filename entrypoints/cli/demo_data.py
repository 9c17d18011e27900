"""`gefest demo-data`: the demo company, its users and N generated candidates with vacancies and
interviews (entrypoints/demo). Deterministic for a seed; a second run adds nothing."""

from __future__ import annotations

import argparse
import asyncio
import sys

from entrypoints.cli.database import database
from entrypoints.settings import Settings

MAX_CANDIDATES = 10_000_000


def _candidate_count(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from None
    if not 0 <= value <= MAX_CANDIDATES:
        raise argparse.ArgumentTypeError(f"must be 0..{MAX_CANDIDATES:,}, got {value}")
    return value


def demo_data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--candidates",
        type=_candidate_count,
        default=1000,
        metavar="N",
        help="how many candidates (default: 1000); vacancies N/50 (at least 20), interviews 2N",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="the same seed gives the same rows (default: 1)",
    )


def demo_data_command(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate, then load the demo data (DATABASE_URL, else the embedded PostgreSQL of DATA_DIR)."""
    from adapters.postgres.migrator import upgrade
    from entrypoints.demo.dataset import DEMO_PASSWORD, DEMO_USERS
    from entrypoints.demo.loader import AlreadyLoaded, load_demo_data

    with database(settings) as ready:
        asyncio.run(upgrade(ready.async_database_url))
        assert ready.database_url is not None  # database() always sets it
        try:
            summary = asyncio.run(
                load_demo_data(
                    ready.database_url,
                    seed=args.seed,
                    candidates=args.candidates,
                    stream=sys.stderr,
                )
            )
        except AlreadyLoaded:
            _say("the demo data is already loaded (the demo company exists): nothing was added")
            return 0
        rows = ", ".join(
            f"{summary.rows.get(t, 0):,} {t}" for t in ("candidates", "vacancies", "interviews")
        )
        _say(f"demo data loaded in {summary.seconds:.1f}s: {rows} (company {summary.company_id})")
        users = ", ".join(username for username, *_ in DEMO_USERS)
        _say(f"log in as any of {users} with the password {DEMO_PASSWORD!r}")
    return 0


def _say(message: str) -> None:
    print(f"gefest: {message}", file=sys.stderr)
