"""`make fuzz`: schemathesis against the running app, over every operation of /openapi.json.

What it does, in order:

1. a fresh database on TEST_DATABASE_URL's server (else an embedded PostgreSQL in a temporary
   directory), migrated, with the demo data (seed 1, 300 candidates);
2. `gefest serve` on a free port (APP_ENV=test, plain-HTTP cookies, a login rate limit the
   fuzzer cannot reach, access tokens that outlive the run);
3. logs in as demo.admin and demo.recruiter (password `gefest-demo`), and creates and logs in a
   throwaway user for the operations that end sessions or change the caller's password;
4. writes the run's schemathesis config: tools/schemathesis.toml (why each setting is there)
   plus dictionaries of the demo data's ids and reference codes, which the fuzzer draws half of
   the time for body fields such as `position_id` or `priority_code` (random ones are refused
   with 400, so writes needing several would never get past validation);
5. runs `schemathesis run --checks all --max-examples 50` once per phase (below), with the hooks
   of tools/fuzz_hooks.py (a valid `Idempotency-Key` made unique per request): examples,
   coverage, fuzzing and stateful phases, the stateful one following the schema's links (the
   explicit ones of entrypoints/http/openapi_fixes.py and those schemathesis infers), with the
   phase's time budget (`--max-time`: fuzzing and stateful tests repeat until it is spent);
6. stops the app and drops the database (or the embedded server).

Phases (every operation of the schema is in one; nothing is left out):

- `recruiter` (180 s): every operation but the session ones, as demo.recruiter. Admin-only
  operations answer the documented 403; candidates, vacancies and interviews run for real.
- `admin` (300 s): every operation but the session ones, as demo.admin. After the recruiter
  phase: an admin may deactivate or re-role demo.recruiter.
- `sessions` (45 s): `POST/PATCH/DELETE /sessions`, `DELETE /sessions/all`,
  `PATCH /users/current/password` and `GET /users/current`, as the throwaway user, so logging
  out or changing the password cannot pull the rug from under the other phases. The refresh and
  the logout each get the refresh token (`Cookie: rt=...`) of a session of their own: the first
  refresh rotates it (200), later ones replay it (401, as designed). No stateful tests there:
  those operations take no ids.
- `legacy` (120 s): every operation of the original system's document (/legacy/openapi.json,
  served under /legacy) but its session ones, as demo.admin. Its settings are
  tools/schemathesis-legacy.toml: the old contract answers 400 for an unknown id.
- `legacy-sessions` (30 s): the old document's session operations, `POST /sessions/protected`
  and `GET /users/current`, as a second throwaway user, with refresh tokens as for `sessions`:
  the fuzzer's failed logins may lock out the account they name, which must not be demo.admin.

Access tokens are stateless JWTs valid for the whole run, so no phase needs to log in again; after
each phase the driver checks that its token still works and says so if not.

Exit status: 0 when every phase passed (no 5xx, no response contradicting the schema, no
undocumented status code, and the other checks of `--checks all`), else 1. The server's log is
printed when something failed; `--keep` keeps it and the NDJSON reports.

Usage: `.venv/bin/python tools/fuzz.py [--max-examples N] [--max-time S] [--phase NAME ...]
[--seed N] [--keep] [--serve]` (`make fuzz FUZZ_ARGS=...`); `--serve` only starts everything and
waits, printing the URL and tokens: handy to reproduce a failure with `st replay` or curl.
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
from collections import Counter
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
LEGACY_CONFIG = Path(__file__).resolve().with_name("schemathesis-legacy.toml")
HOOKS = Path(__file__).resolve().with_name("fuzz_hooks.py")
LEGACY_SCHEMA = "/legacy/openapi.json"

# The operations that end the caller's sessions or change the caller's credentials.
SESSION_OPERATIONS = (
    ("POST", f"{API}/sessions"),
    ("PATCH", f"{API}/sessions"),
    ("DELETE", f"{API}/sessions"),
    ("DELETE", f"{API}/sessions/all"),
    ("PATCH", f"{API}/users/current/password"),
    ("GET", f"{API}/users/current"),
)
# The same in the original system's document, which has no logout-everywhere or password change.
LEGACY_SESSION_OPERATIONS = (
    ("POST", f"{API}/sessions"),
    ("PATCH", f"{API}/sessions"),
    ("DELETE", f"{API}/sessions"),
    ("POST", f"{API}/sessions/protected"),
    ("GET", f"{API}/users/current"),
)
THROWAWAY_USER = "fuzz.sessions"
LEGACY_THROWAWAY_USER = "fuzz.legacy"  # another: the main phase may lock the first one out
THROWAWAY_PASSWORD = "fuzz-sessions-pass"  # a throwaway user of a throwaway database


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    username: str
    password: str
    session_operations: bool  # True: only those; False: all the others
    budget_seconds: int  # schemathesis --max-time: fuzzing and stateful tests repeat until spent
    legacy: bool = False  # the original system's contract (every operation of its document)


PHASES = (
    Phase(
        "recruiter", "demo.recruiter", DEMO_PASSWORD, session_operations=False, budget_seconds=180
    ),
    Phase("admin", "demo.admin", DEMO_PASSWORD, session_operations=False, budget_seconds=300),
    Phase(
        "sessions", THROWAWAY_USER, THROWAWAY_PASSWORD, session_operations=True, budget_seconds=45
    ),
    Phase(
        "legacy",
        "demo.admin",
        DEMO_PASSWORD,
        session_operations=False,
        budget_seconds=120,
        legacy=True,
    ),
    Phase(
        "legacy-sessions",
        LEGACY_THROWAWAY_USER,
        THROWAWAY_PASSWORD,
        session_operations=True,
        budget_seconds=30,
        legacy=True,
    ),
)
# A phase that overruns its budget by this much is stopped and fails.
OVERRUN_SECONDS = 300


@dataclass(frozen=True, slots=True)
class Session:
    access_token: str
    refresh_token: str


@dataclass(slots=True)
class Outcome:
    phase: str
    code: int
    seconds: float
    summary: list[str] = field(default_factory=list)
    statistics: str = ""


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


def login(app: App, username: str, password: str) -> Session:
    """A fresh session: the access and refresh tokens of the cookies the login sets."""
    data = json.dumps({"username": username, "password": password}).encode()
    request = urllib.request.Request(  # noqa: S310 - local URL
        f"{app.base_url}{API}/sessions",
        data=data,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local URL
        set_cookies = response.headers.get_all("Set-Cookie") or []
    cookies = {}
    for cookie in set_cookies:
        name, _, rest = cookie.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    if not cookies.get("at") or not cookies.get("rt"):
        raise RuntimeError(f"logging in as {username} set no `at` and `rt` cookies")
    return Session(cookies["at"], cookies["rt"])


def create_throwaway_user(app: App, admin: Session, username: str) -> None:
    status, _, body = _request(
        app.base_url,
        "POST",
        f"{API}/users",
        {
            "username": username,
            "password": THROWAWAY_PASSWORD,
            "role_code": "employee",
            "first_name": "Fuzz",
            "last_name": "Sessions",
            "email": f"{username}@example.com",
        },
        token=admin.access_token,
    )
    if status != 201:
        raise RuntimeError(f"creating the throwaway user answered {status}: {body}")


def _still_signed_in(app: App, session: Session) -> bool:
    status, _, _ = _request(app.base_url, "GET", f"{API}/users/current", token=session.access_token)
    return status == 200


def documented_operations(app: App, schema_path: str = "/openapi.json") -> set[str]:
    _, _, schema = _request(app.base_url, "GET", schema_path)
    assert isinstance(schema, dict)
    return {
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "put", "post", "patch", "delete")
    }


# Body fields that name rows or reference codes, and where their values come from. Random ids
# and codes are almost always refused (400: no such row), so writes that need several of them
# (a vacancy: a position and a department) would never get past validation; half of the time
# the fuzzer draws a real one instead.
ROW_FIELDS = {
    "positions": (f"{API}/positions", ("body.position_id",)),
    "departments": (f"{API}/departments", ("body.department_id",)),
    "grades": (f"{API}/grades", ("body.grade_id",)),
    "skills": (f"{API}/skills", ("body.skills[*].id",)),
    "candidates": (f"{API}/candidates", ("body.candidate_id",)),
    "vacancies": (f"{API}/vacancies", ("body.vacancy_id",)),
    "recruiters": (f"{API}/users?role_code=recruiter", ("body.recruiter_id",)),
}
CODE_FIELDS = {
    "vacancy-priorities": ("body.priority_code",),
    "vacancy-statuses": ("body.status_code",),
    "addresses": ("body.address_code",),
    "countries": ("body.citizenship_code",),
    "family-statuses": ("body.family_status_code",),
    "contact-types": ("body.contacts[*].type_code",),
    "languages": ("body.languages[*].language_code",),
    "language-levels": ("body.languages[*].level_code",),
    "interview-stages": ("body.new_stage_code",),
}
# The original system's names for the same fields.
LEGACY_CODE_FIELDS = {
    "vacancy-priorities": ("body.priority_code",),
    "vacancy-statuses": ("body.status_code",),
    "addresses": ("body.adress_code",),
    "countries": ("body.citizenship_code",),
    "family-statuses": ("body.family_status_code",),
    "contact-types": ("body.contacts[*].type_code",),
    "languages": ("body.languages[*].language_code",),
    "language-levels": ("body.languages[*].language_level_code",),
    "interview-stages": ("body.interview_stage_code_old", "body.interview_stage_code_new"),
}
REAL_VALUE_PROBABILITY = 0.5


def config_with_demo_values(
    app: App,
    admin: Session,
    work_dir: Path,
    refresh_tokens: dict[str, str],
    *,
    legacy: bool = False,
) -> Path:
    """tools/schemathesis.toml (tools/schemathesis-legacy.toml) plus dictionaries of the demo
    data's ids and codes, and the refresh tokens (`Cookie: rt=...`) of the operations that
    rotate or revoke one."""
    base = LEGACY_CONFIG if legacy else CONFIG
    lines = [base.read_text(), "", "# Added by tools/fuzz.py: ids and codes of the demo data."]
    bindings: list[tuple[str, str]] = []

    def get(path: str) -> list[dict[str, object]]:
        separator = "&" if "?" in path else "?"
        url = path if path.startswith(f"{API}/refs/") else f"{path}{separator}limit=200"
        status, _, body = _request(app.base_url, "GET", url, token=admin.access_token)
        if status != 200 or not isinstance(body, dict):
            raise RuntimeError(f"GET {url} answered {status}: {body}")
        return body["items"]

    for name, (path, fields) in ROW_FIELDS.items():
        values = [item["id"] for item in get(path)]
        if values:
            lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}"]
            bindings += [(field, name) for field in fields]
    for name, fields in (LEGACY_CODE_FIELDS if legacy else CODE_FIELDS).items():
        values = [item["code"] for item in get(f"{API}/refs/{name}") if not item["is_archive"]]
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}"]
        bindings += [(field, name) for field in fields]
    lines.append("[parameters]")
    for field_path, name in bindings:
        lines.append(
            f'"{field_path}" = {{ dictionary = "{name}", probability = {REAL_VALUE_PROBABILITY} }}'
        )
    for operation, token in refresh_tokens.items():
        lines += [
            "[[operations]]",
            f'include-name = "{operation}"',
            f'headers = {{ Cookie = "rt={token}" }}',
        ]
    config = work_dir / base.name
    config.write_text("\n".join(lines) + "\n")
    return config


# --- schemathesis -------------------------------------------------------------------------------


def _operation_filters(phase: Phase) -> list[str]:
    """`--include-name`/`--exclude-name` options selecting the phase's operations."""
    flag = "--include-name" if phase.session_operations else "--exclude-name"
    options: list[str] = []
    for method, path in LEGACY_SESSION_OPERATIONS if phase.legacy else SESSION_OPERATIONS:
        options += [flag, f"{method} {path}"]
    return options


def run_phase(
    app: App,
    phase: Phase,
    session: Session,
    args: argparse.Namespace,
    work_dir: Path,
    documented: set[str],
    config: Path,
) -> Outcome:
    report_dir = work_dir / phase.name
    budget = phase.budget_seconds if args.max_time is None else args.max_time
    headers = ["--header", f"Authorization: Bearer {session.access_token}"]
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(config),
        "run",
        f"{app.base_url}{LEGACY_SCHEMA if phase.legacy else '/openapi.json'}",
        "--checks",
        "all",
        *headers,
        "--max-examples",
        str(args.max_examples),
        *(["--max-time", str(budget)] if budget else []),
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
        # The session operations take no ids: no links lead to or from them.
        *(["--phases", "examples,coverage,fuzzing"] if phase.session_operations else []),
        *(["--seed", str(args.seed)] if args.seed is not None else []),
    ]
    _say(f"phase {phase.name}: as {phase.username}, budget {budget or 'none'}s")
    started = time.perf_counter()
    try:
        completed = subprocess.run(  # noqa: S603 - our own command
            command,
            cwd=work_dir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
            env={**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS)},
            timeout=(budget or 900) + OVERRUN_SECONDS,
        )
        code, output = completed.returncode, completed.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as error:
        code = 124
        output = (error.stdout or b"").decode(errors="replace") + "\n[fuzz] phase timed out\n"
    seconds = time.perf_counter() - started
    print(output, flush=True)
    summary = [line for line in output.splitlines() if line.strip()]
    start = next((i for i, line in enumerate(summary) if "SUMMARY" in line), len(summary))
    return Outcome(phase.name, code, seconds, summary[start:], statistics(report_dir, documented))


def statistics(report_dir: Path, documented_operations: set[str]) -> str:
    """Operations, test cases and statuses, from the phase's NDJSON report."""
    cases: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    for report in report_dir.glob("*.ndjson"):
        with report.open() as lines:
            for line in lines:
                event = json.loads(line).get("ScenarioFinished")
                if event is None:
                    continue
                recorder = event["recorder"]
                for case_id, case in recorder.get("cases", {}).items():
                    value = case["value"]
                    cases[f"{value['method']} {value['path']}"] += 1
                    response = recorder.get("interactions", {}).get(case_id, {}).get("response")
                    if response is not None:
                        statuses[response["status_code"]] += 1
    if not cases:
        return "no report"
    documented = {label: n for label, n in cases.items() if label in documented_operations}
    fewest = min(documented.items(), key=lambda item: item[1]) if documented else ("-", 0)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    return (
        f"{len(documented)} operations, {sum(cases.values())} test cases "
        f"(fewest: {fewest[1]} for {fewest[0]}), 5xx answers: {server_errors}, "
        f"statuses: {dict(sorted(statuses.items()))}"
    )


# --- main ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=50, help="per operation (50)")
    parser.add_argument(
        "--max-time",
        type=int,
        default=None,
        help="time budget of every phase, seconds; 0: none (default: each phase's own)",
    )
    # One: schemathesis' workers are threads, and two of them parsing at once crashed CPython
    # 3.11's `ast.parse` ("AST constructor recursion depth mismatch", a tool error, not ours).
    parser.add_argument("--workers", type=int, default=1, help="schemathesis workers (1)")
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
            sessions = {
                "demo.admin": login(app, "demo.admin", DEMO_PASSWORD),
                "demo.recruiter": login(app, "demo.recruiter", DEMO_PASSWORD),
            }
            for username in (THROWAWAY_USER, LEGACY_THROWAWAY_USER):
                create_throwaway_user(app, sessions["demo.admin"], username)
                sessions[username] = login(app, username, THROWAWAY_PASSWORD)
            documented = documented_operations(app)
            legacy_documented = documented_operations(app, LEGACY_SCHEMA)

            # A session of the throwaway user each: the refresh rotates its token once (then
            # answers 401: a replayed token), the logout revokes its own.
            def refresh_tokens(username: str) -> dict[str, str]:
                return {
                    f"{method} {API}/sessions": login(
                        app, username, THROWAWAY_PASSWORD
                    ).refresh_token
                    for method in ("PATCH", "DELETE")
                }

            admin = sessions["demo.admin"]
            config = config_with_demo_values(app, admin, work_dir, refresh_tokens(THROWAWAY_USER))
            legacy_config = config_with_demo_values(
                app, admin, work_dir, refresh_tokens(LEGACY_THROWAWAY_USER), legacy=True
            )
            if args.serve:
                tokens = {name: s.access_token for name, s in sessions.items()}
                _say(f"serving {app.base_url}; access tokens: {json.dumps(tokens, indent=1)}")
                _say("Ctrl-C to stop")
                with contextlib.suppress(KeyboardInterrupt):
                    app.process.wait()
                return 0
            for phase in PHASES:
                if args.phase and phase.name not in args.phase:
                    continue
                session = sessions[phase.username]
                outcome = run_phase(
                    app,
                    phase,
                    session,
                    args,
                    work_dir,
                    legacy_documented if phase.legacy else documented,
                    legacy_config if phase.legacy else config,
                )
                outcomes.append(outcome)
                if app.process.poll() is not None:
                    _say(f"the app exited during phase {phase.name}")
                    outcome.code = outcome.code or 1
                    break
                if not _still_signed_in(app, session):
                    _say(f"phase {phase.name}: the fuzzer's access token no longer works")
            if any(o.code != 0 for o in outcomes) or app.process.poll() is not None:
                print("---- server log (tail) ----", flush=True)
                print(app.log_tail(), flush=True)
    finally:
        if args.keep:
            _say(f"server log and reports kept in {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    print("\n==== fuzz summary ====")
    for outcome in outcomes:
        verdict = "passed" if outcome.code == 0 else f"FAILED (exit {outcome.code})"
        print(f"phase {outcome.phase}: {verdict} in {outcome.seconds:.0f}s")
        print(f"    {outcome.statistics}")
        for line in outcome.summary:
            if args.keep or not ("Reports:" in line or "NDJSON:" in line):
                print(f"    {line}")
    print(f"total {time.perf_counter() - started:.0f}s")
    return 0 if outcomes and all(o.code == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
