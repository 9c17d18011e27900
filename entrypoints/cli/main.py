"""The `gefest` command.

A subcommand is a function `(args, settings) -> exit code` plus an entry in COMMANDS (with an
optional function adding its arguments). Errors become one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from entrypoints.cli.companies import create_company_arguments, create_company_command
from entrypoints.cli.database import database
from entrypoints.cli.demo_data import demo_data_arguments, demo_data_command
from entrypoints.cli.dotenv import load_dotenv
from entrypoints.cli.events import events_arguments, events_command
from entrypoints.cli.idempotency import prune_idempotency_command
from entrypoints.cli.serve import ensure_port_free, serve
from entrypoints.cli.users import create_user_arguments, create_user_command
from entrypoints.cli.worker import worker_command, worker_process
from entrypoints.settings import ConfigurationError, Settings


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    help: str
    handler: Callable[[argparse.Namespace, Settings], int]
    arguments: Callable[[argparse.ArgumentParser], None] = lambda _parser: None


def migrate_command(args: argparse.Namespace, settings: Settings) -> int:
    """Upgrade the schema (DATABASE_URL, else the embedded PostgreSQL of DATA_DIR)."""
    from adapters.postgres.migrator import upgrade

    with database(settings) as ready:
        asyncio.run(upgrade(ready.async_database_url, args.revision))
        _say(f"database migrated to {args.revision}")
    return 0


def serve_command(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the HTTP API on a migrated database (the production entry: DATABASE_URL needed)."""
    settings = _server_settings(settings, args)
    if settings.database_url is None:
        raise ConfigurationError("DATABASE_URL is not set (`gefest run` starts a local database)")
    ensure_port_free(settings.host, settings.port)
    return serve(settings)


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    """Development all-in-one: database, migrations, first company and admin, then serve."""
    from adapters.postgres.migrator import upgrade
    from entrypoints.bootstrap import bootstrap

    settings = _server_settings(settings, args)
    ensure_port_free(settings.host, settings.port)
    with database(settings) as ready:
        asyncio.run(upgrade(ready.async_database_url))
        asyncio.run(bootstrap(ready))
        with worker_process():  # webhooks are delivered by a `gefest worker` beside the server
            return serve(ready)


def bootstrap_command(args: argparse.Namespace, settings: Settings) -> int:
    """The first company and its admin (ADMIN_USERNAME / ADMIN_PASSWORD), unless a company
    exists: idempotent, for a container's start or a release step after `gefest migrate`."""
    from entrypoints.bootstrap import bootstrap

    with database(settings) as ready:
        created = asyncio.run(bootstrap(ready))  # logs what it created
    if not created:
        _say("a company exists already: nothing to bootstrap")
    return 0


def _server_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default: HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default: PORT or 8000)")
    parser.add_argument("--workers", type=int, help="worker processes (default: WORKERS or 1)")


def _migrate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("revision", nargs="?", default="head", help="target (default: head)")


COMMANDS: tuple[Command, ...] = (
    Command("migrate", "apply database migrations", migrate_command, _migrate_arguments),
    Command("serve", "serve the HTTP API (needs DATABASE_URL)", serve_command, _server_arguments),
    Command("run", "start everything for development", run_command, _server_arguments),
    Command("bootstrap", "create the first company and admin if none", bootstrap_command),
    Command(
        "create-company",
        "register a company and its first administrator",
        create_company_command,
        create_company_arguments,
    ),
    Command(
        "create-user",
        "open an account in a company named by its OGRN",
        create_user_command,
        create_user_arguments,
    ),
    Command(
        "demo-data",
        "load the demo company, users, candidates, vacancies and interviews",
        demo_data_command,
        demo_data_arguments,
    ),
    Command(
        "prune-idempotency",
        "delete the idempotency answers older than IDEMPOTENCY_TTL_HOURS",
        prune_idempotency_command,
    ),
    Command("worker", "deliver webhooks from the outbox until stopped", worker_command),
    Command(
        "events",
        "the event log: `prune` deletes events older than EVENT_RETENTION_DAYS",
        events_command,
        events_arguments,
    ),
)


_INFO_LOGGERS = ("gefest", "adapters", "entrypoints", "alembic.runtime.migration")


def build_parser(commands: Sequence[Command] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gefest",
        description="Gefest recruiting backend. Configuration: environment variables and .env.",
    )
    parser.add_argument("--traceback", action="store_true", help="show tracebacks of errors")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in commands:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.arguments(sub)
        sub.set_defaults(handler=command.handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="gefest: %(message)s")
    for name in _INFO_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        load_dotenv(".env")
        settings = Settings.from_env()
        settings.check_production_safety()
        return args.handler(args, settings)
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except Exception as error:
        if args.traceback:
            raise
        _say(f"error: {_one_line(error)}")
        return 1


def _server_settings(settings: Settings, args: argparse.Namespace) -> Settings:
    overrides = {
        name: getattr(args, name)
        for name in ("host", "port", "workers")
        if getattr(args, name) is not None
    }
    return dataclasses.replace(settings, **overrides)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _one_line(error: BaseException) -> str:
    from adapters.postgres.embedded import EmbeddedPostgresError

    lines = str(error).strip().splitlines()
    message = lines[0] if lines else ""
    if isinstance(error, ConfigurationError | EmbeddedPostgresError) and message:
        return message
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _say(message: str) -> None:
    print(f"gefest: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
