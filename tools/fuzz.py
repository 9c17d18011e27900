"""`make fuzz`: schemathesis against the running app, over every operation of /openapi.json.

What it does, in order:

1. a fresh database on TEST_DATABASE_URL's server (else an embedded PostgreSQL in a temporary
   directory), migrated, with the demo data (seed 1, 300 candidates);
2. `gefest serve` on a free port (APP_ENV=test, plain-HTTP cookies, a login rate limit high
   enough for the fuzzer, access tokens that outlive the run);
3. logs in as demo.admin and demo.recruiter, and as a throwaway user (created through the API)
   for the operations that end sessions or change the caller's password;
4. runs `schemathesis run --checks all` once per phase (below), each with `--max-examples`,
   the stateful phase (links inferred from the schema and from `Location` headers) and a time
   budget;
5. stops the app and drops the database (or the embedded server).

Phases (every operation of the schema is in at least one; nothing is left out):

- `recruiter`: every operation but the session enders, as demo.recruiter. Most writes are
  refused with the documented 403 (roles), the candidate/vacancy/interview ones run for real.
- `admin`: every operation but the session enders, as demo.admin (runs after the recruiter
  phase: an admin may deactivate or re-role demo.recruiter).
- `sessions`: the operations that end the caller's sessions or change its password
  (`POST/PATCH/DELETE /sessions`, `DELETE /sessions/all`, `PATCH /users/current/password`,
  `GET /users/current`), as the throwaway user, so they cannot pull the rug from under the
  other phases. Access tokens are stateless JWTs, so even there the fuzzer keeps its token.

Exit status: 0 when every phase passed (no 5xx, no response contradicting the schema, no
undocumented status code), else 1. The server's log is printed when something failed.

Usage: `.venv/bin/python tools/fuzz.py [--max-examples N] [--phase NAME ...] [--serve]`
(`--serve` only starts everything and waits, printing the URL and tokens: handy to reproduce).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from adapters.postgres.migrator import upgrade
from entrypoints.demo.dataset import DEMO_PASSWORD
from entrypoints.demo.loader import load_demo_data
from entrypoints.settings import to_async_database_url

BIN = Path(sys.executable).parent
DATABASE_PREFIX = "gefest_fuzz_"
# Durability is worthless for a throwaway database; speed is not.
FAST_SERVER_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
API = "/api/v1"
CONFIG = Path(__file__).resolve().with_name("schemathesis.toml")

# The operations that end the caller's sessions or change the caller's credentials.
SESSION_OPERATIONS = (
    ("POST", f"{API}/sessions"),
    ("PATCH", f"{API}/sessions"),
    ("DELETE", f"{API}/sessions"),
    ("DELETE", f"{API}/sessions/all"),
    ("PATCH", f"{API}/users/current/password"),
    ("GET", f"{API}/users/current"),
)
THROWAWAY_PASSWORD = "fuzz-sessions-pass"  # a throwaway user of a throwaway database


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    username: str
    password: str
    session_operations: bool  # True: only those; False: all the others


PHASES = (
    Phase("recruiter", "demo.recruiter", DEMO_PASSWORD, session_operations=False),
    Phase("admin", "demo.admin", DEMO_PASSWORD, session_operations=False),
    Phase("sessions", "fuzz.sessions", THROWAWAY_PASSWORD, session_operations=True),
)


@dataclass(slots=True)
class Outcome:
    phase: str
    code: int
    seconds: float
    summary: list[str] = field(default_factory=list)


def _say(message: str) -> None:
    print(f"[fuzz] {message}", file=sys.stderr, flush=True)


# --- the database -------------------------------------------------------------------------------


@contextlib.contextmanager
def database_server() -> Iterator[str]:
    """Async URL of a maintenance database: TEST_DATABASE_URL's, else an embedded server's."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield to_async_database_url(configured)
        return
    from adapters.postgres.embedded import EmbeddedPostgres

    root = Path(tempfile.mkdtemp(prefix="gefest-fuzz-pg-"))
    server = EmbeddedPostgres(root / "postgres", server_settings=FAST_SERVER_SETTINGS)
    try:
        url = server.start()
        _say(f"TEST_DATABASE_URL is not set: embedded PostgreSQL in {root}")
        yield url
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


async def _admin_execute(server_url: str, statement: str) -> None:
    engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@contextlib.contextmanager
def fresh_database(server_url: str, candidates: int) -> Iterator[str]:
    """A new database with the schema and the demo data; dropped on exit."""
    name = f"{DATABASE_PREFIX}{uuid.uuid4().hex}"
    asyncio.run(_admin_execute(server_url, f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        started = time.perf_counter()
        asyncio.run(upgrade(url))
        asyncio.run(load_demo_data(url, seed=1, candidates=candidates, stream=None))
        _say(f"database {name}: migrated, demo data loaded in {time.perf_counter() - started:.1f}s")
        yield url
    finally:
        asyncio.run(_admin_execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        _say(f"database {name} dropped")


# --- the app ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(slots=True)
class App:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, lines: int = 200) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@contextlib.contextmanager
def running_app(database_url: str, work_dir: Path) -> Iterator[App]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WORKERS": "1",
        "APP_ENV": "test",
        "COOKIE_SECURE": "false",
        "LOGIN_RATE_LIMIT_PER_MINUTE": "1000000",
        "ACCESS_TOKEN_TTL_SECONDS": str(4 * 60 * 60),
        "BCRYPT_ROUNDS": "4",
    }
    log_path = work_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own command
            [str(BIN / "gefest"), "serve"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=work_dir,
            process_group=0,
        )
    app = App(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_ready(app)
        _say(f"app serving on {app.base_url} (pid {process.pid}, log {log_path})")
        yield app
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        _say("app stopped")


def _wait_until_ready(app: App, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(f"the app exited with {app.process.returncode}:\n{app.log_tail()}")
        with contextlib.suppress(OSError):
            status, _, _ = _request(app.base_url, "GET", "/ready")
            if status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the app was not ready within {timeout:.0f}s:\n{app.log_tail()}")


def _request(
    base_url: str, method: str, path: str, body: object = None, token: str | None = None
) -> tuple[int, dict[str, str], object]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, method=method)  # noqa: S310
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local URL
            raw = response.read()
            status, headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        raw, status, headers = error.read(), error.code, dict(error.headers)
    return status, headers, json.loads(raw) if raw else None


def login(app: App, username: str, password: str) -> str:
    """The access token of a fresh session (from the `at` cookie the login sets)."""
    data = json.dumps({"username": username, "password": password}).encode()
    request = urllib.request.Request(  # noqa: S310 - local URL
        f"{app.base_url}{API}/sessions",
        data=data,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local URL
        cookies = response.headers.get_all("Set-Cookie") or []
    for cookie in cookies:
        name, _, rest = cookie.partition("=")
        if name.strip() == "at":
            return rest.split(";", 1)[0]
    raise RuntimeError(f"logging in as {username} set no `at` cookie")


def create_throwaway_user(app: App, admin_token: str) -> None:
    status, _, body = _request(
        app.base_url,
        "POST",
        f"{API}/users",
        {
            "username": "fuzz.sessions",
            "password": THROWAWAY_PASSWORD,
            "role_code": "employee",
            "first_name": "Fuzz",
            "last_name": "Sessions",
            "email": "fuzz.sessions@example.com",
        },
        token=admin_token,
    )
    if status != 201:
        raise RuntimeError(f"creating the throwaway user answered {status}: {body}")


def _still_signed_in(app: App, token: str) -> bool:
    status, _, _ = _request(app.base_url, "GET", f"{API}/users/current", token=token)
    return status == 200


# --- schemathesis -------------------------------------------------------------------------------


def _operation_filters(phase: Phase) -> list[str]:
    """`--include-name`/`--exclude-name` options selecting the phase's operations."""
    flag = "--include-name" if phase.session_operations else "--exclude-name"
    options: list[str] = []
    for method, path in SESSION_OPERATIONS:
        options += [flag, f"{method} {path}"]
    return options


def run_phase(
    app: App, phase: Phase, token: str, args: argparse.Namespace, report: Path
) -> Outcome:
    report_dir = report / phase.name
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(CONFIG),
        "run",
        f"{app.base_url}/openapi.json",
        "--checks",
        "all",
        "--header",
        f"Authorization: Bearer {token}",
        "--max-examples",
        str(args.max_examples),
        "--max-time",
        str(args.max_time),
        "--workers",
        str(args.workers),
        "--request-timeout",
        "30",
        "--generation-database",
        "none",
        "--suppress-health-check",
        "all",
        "--report",
        "ndjson",
        "--report-dir",
        str(report_dir),
        "--no-color",
        *_operation_filters(phase),
        *(["--seed", str(args.seed)] if args.seed is not None else []),
    ]
    _say(f"phase {phase.name}: as {phase.username}")
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 - our own command
        command, cwd=report, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False
    )
    seconds = time.perf_counter() - started
    output = completed.stdout.decode(errors="replace")
    print(output, flush=True)
    summary = [line for line in output.splitlines() if line.strip()][-12:]
    return Outcome(phase.name, completed.returncode, seconds, summary)


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=50, help="per operation (50)")
    parser.add_argument(
        "--max-time", type=int, default=240, help="time budget of one phase, seconds (240)"
    )
    parser.add_argument("--workers", type=int, default=2, help="schemathesis workers (2)")
    parser.add_argument("--seed", type=int, default=None, help="schemathesis seed (random)")
    parser.add_argument("--candidates", type=int, default=300, help="demo candidates (300)")
    parser.add_argument(
        "--phase",
        action="append",
        choices=[p.name for p in PHASES],
        help="run only these phases (repeatable; default: all)",
    )
    parser.add_argument("--serve", action="store_true", help="start everything and wait")
    parser.add_argument(
        "--keep", action="store_true", help="keep the server log and the schemathesis reports"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    work_dir = Path(tempfile.mkdtemp(prefix="gefest-fuzz-"))
    outcomes: list[Outcome] = []
    try:
        with (
            database_server() as server_url,
            fresh_database(server_url, args.candidates) as database_url,
            running_app(database_url, work_dir) as app,
        ):
            tokens = {
                "demo.admin": login(app, "demo.admin", DEMO_PASSWORD),
                "demo.recruiter": login(app, "demo.recruiter", DEMO_PASSWORD),
            }
            create_throwaway_user(app, tokens["demo.admin"])
            tokens["fuzz.sessions"] = login(app, "fuzz.sessions", THROWAWAY_PASSWORD)
            if args.serve:
                _say(f"serving {app.base_url}; tokens: {json.dumps(tokens, indent=1)}")
                _say("Ctrl-C to stop")
                with contextlib.suppress(KeyboardInterrupt):
                    app.process.wait()
                return 0
            for phase in PHASES:
                if args.phase and phase.name not in args.phase:
                    continue
                token = tokens[phase.username]
                outcome = run_phase(app, phase, token, args, work_dir)
                outcomes.append(outcome)
                if not _still_signed_in(app, token):
                    _say(f"phase {phase.name}: the fuzzer's token no longer works")
            failed = [o for o in outcomes if o.code != 0]
            if failed or app.process.poll() is not None:
                print("---- server log (tail) ----", flush=True)
                print(app.log_tail(), flush=True)
    finally:
        if args.keep:
            _say(f"server log and reports kept in {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    total = time.perf_counter() - started
    print("\n==== fuzz summary ====")
    for outcome in outcomes:
        verdict = "passed" if outcome.code == 0 else f"FAILED (exit {outcome.code})"
        print(f"phase {outcome.phase}: {verdict} in {outcome.seconds:.0f}s")
        for line in outcome.summary[-4:]:
            print(f"    {line}")
    print(f"total {total:.0f}s")
    return 0 if outcomes and all(o.code == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
