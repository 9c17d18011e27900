"""`gefest demo-data`: the demo company, its users and N generated candidates with vacancies and
interviews (entrypoints/demo). Deterministic for a seed; a second run adds nothing."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from pathlib import Path

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
    """Migrate, then load the demo data into DATABASE_URL, else into the embedded PostgreSQL of
    DATA_DIR (the `gefest run` database: there, like `gefest run`, first create the first company
    and its admin when there is no company yet, so the order of `make demo` and `make run` does
    not matter)."""
    from adapters.postgres.migrator import upgrade
    from entrypoints.demo.dataset import DEMO_PASSWORD, DEMO_USERS
    from entrypoints.demo.loader import AlreadyLoaded, load_demo_data

    with database(_running_embedded(settings)) as ready:
        asyncio.run(upgrade(ready.async_database_url))
        if settings.database_url is None:  # the `gefest run` database: make it what run makes
            from entrypoints.bootstrap import bootstrap

            if asyncio.run(bootstrap(ready)):
                _say(f"created the first company and its administrator {ready.admin_username!r}")
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


def _running_embedded(settings: Settings) -> Settings:
    """Without DATABASE_URL the data goes to the embedded PostgreSQL of DATA_DIR. When it is
    running already (`gefest run` serving it in another terminal: the usual `make run` then
    `make demo`), connect to it through the socket its `postmaster.pid` names, rather than try
    to start it (its owner holds the lock)."""
    if settings.database_url is not None:
        return settings
    from adapters.postgres.embedded import SUPERUSER, EmbeddedPostgres

    pgdata = Path(settings.data_dir).expanduser().resolve() / "postgres"
    if EmbeddedPostgres(pgdata).pid is None:
        return settings
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
        port, socket_dir = lines[3].strip(), lines[4].strip()
    except (OSError, IndexError):
        return settings
    if port != "5432" or not socket_dir:
        return settings
    _say(f"using the embedded PostgreSQL already running in {pgdata}")
    url = f"postgresql://{SUPERUSER}@/postgres?host={socket_dir}"
    return dataclasses.replace(settings, database_url=url)


def _say(message: str) -> None:
    print(f"gefest: {message}", file=sys.stderr)
