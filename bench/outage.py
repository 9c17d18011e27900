"""`make soak SOAK_ARGS=--outage` (`python -m bench.outage`): writers through a database crash.

A PostgreSQL server of its own (embedded, durable: synchronous commits), migrated and
bootstrapped, behind `gefest serve` with WORKERS granian workers. WRITERS clients create
candidates back to back for DURATION seconds; OUTAGE_AT seconds in, the database is killed
(`pg_ctl stop -m immediate`, like a crash) and started again OUTAGE_SECONDS later on the same data.

Each client behaves as the README's retry recipe says: every candidate is sent with a fresh
`Idempotency-Key`, and on a 503 (after its `Retry-After`), a 409 `idempotency_key_in_progress`, a
lost connection or no answer, the same request goes again with the same key, until it is
answered. With `--no-keys` the clients retry the same way without a key: the run then shows what
the key prevents.

At the end every write the clients made is looked up by its unique name in the database:
acknowledged writes, rows found, lost writes (acknowledged, not there) and duplicated writes
(there more than once). The exit code is 1 unless both are 0. Results go to
bench/results/outage-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import secrets
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import msgspec

from adapters.postgres.embedded import EmbeddedPostgres
from adapters.postgres.migrator import upgrade
from bench.__main__ import _git_commit
from bench.http import Connection
from bench.server import HOST, app_server, login
from entrypoints.bootstrap import bootstrap
from entrypoints.demo.loader import asyncpg_dsn
from entrypoints.settings import Settings

RESULTS = Path(__file__).resolve().parent / "results"
CANDIDATES = "/api/v1/candidates"
ADMIN_PASSWORD = secrets.token_urlsafe(16)
ANSWER_TIMEOUT_SECONDS = 30.0  # a request still unanswered then counts as a lost connection
LOST_CONNECTION_PAUSE_SECONDS = 0.5


def letters(number: int) -> str:
    """Candidate names take letters only: 407 -> "eah"."""
    return "".join("abcdefghij"[int(digit)] for digit in str(number))


@dataclass
class Write:
    name: str
    body: bytes
    key: str | None
    attempts: int = 0
    acknowledged: bool = False
    replayed: bool = False
    answers: Counter[str] = field(default_factory=Counter)  # "201", "503", "lost", ...


@dataclass
class Run:
    tag: str
    keyed: bool
    writes: list[Write] = field(default_factory=list)
    stopping: bool = False


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.outage", description=__doc__)
    parser.add_argument("--writers", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--duration", type=float, default=45.0, help="seconds of writing (45)")
    parser.add_argument("--outage-at", type=float, default=15.0, help="seconds in (15)")
    parser.add_argument("--outage-seconds", type=float, default=10.0, help="down for (10)")
    parser.add_argument("--workers", type=int, default=2, help="granian workers (2)")
    parser.add_argument("--no-keys", action="store_true", help="retry without Idempotency-Key")
    args = parser.parse_args(argv)
    if not 0 < args.outage_at < args.duration or args.outage_seconds <= 0:
        parser.error("the outage must start inside the run and last more than 0 s")
    return args


def _candidate(run: Run, number: int) -> Write:
    name = f"Out{letters(number)}"
    body = msgspec.json.encode(
        {
            "first_name": name,
            "last_name": f"Outage{run.tag}",
            "contacts": [{"type_code": 3, "value": f"o{number}.{run.tag}@example.com"}],
            "notes": [{"text": f"written through an outage, {name}"}],
        }
    )
    return Write(name, body, f"outage-{uuid.uuid4()}" if run.keyed else None)


async def _send(connection: Connection, write: Write) -> float:
    """One attempt; the seconds to wait before the next one (0: answered)."""
    write.attempts += 1
    headers = b"" if write.key is None else f"Idempotency-Key: {write.key}\r\n".encode()
    try:
        async with asyncio.timeout(ANSWER_TIMEOUT_SECONDS):
            response = await connection.request("POST", CANDIDATES, write.body, headers)
    except (TimeoutError, OSError, asyncio.IncompleteReadError):
        write.answers["lost"] += 1
        await connection.close()
        return LOST_CONNECTION_PAUSE_SECONDS
    write.answers[str(response.status)] += 1
    if 200 <= response.status < 300:
        write.acknowledged = True
        write.replayed = response.headers.get(b"idempotent-replayed") == b"true"
        return 0.0
    if response.status in (409, 503):
        return float(response.headers.get(b"retry-after", b"1"))
    raise RuntimeError(f"{write.name}: unexpected {response.status} {response.body[:300]!r}")


async def _writer(run: Run, port: int, token: str, numbers: Any) -> None:
    connection = Connection(HOST, port, token)
    try:
        while not run.stopping:
            write = _candidate(run, next(numbers))
            run.writes.append(write)
            pause = await _send(connection, write)
            while pause > 0:
                await asyncio.sleep(pause)  # the client follows Retry-After, then retries
                pause = await _send(connection, write)
    finally:
        await connection.close()


async def _stored_names(url: str, tag: str) -> Counter[str]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await connection.fetch(
            "SELECT first_name, count(*) AS copies FROM candidates WHERE last_name = $1 "
            "GROUP BY first_name",
            f"Outage{tag}",
        )
    finally:
        await connection.close()
    return Counter({row["first_name"]: row["copies"] for row in rows})


async def outage_run(args: argparse.Namespace, server: EmbeddedPostgres, url: str) -> dict:
    await upgrade(url)
    await bootstrap(Settings(database_url=url, admin_password=ADMIN_PASSWORD, bcrypt_rounds=4))
    run = Run(tag=letters(secrets.randbelow(10**6)), keyed=not args.no_keys)
    timeline: dict[str, float] = {}
    async with app_server(url, args.workers) as app:
        token = await login(app.port, "admin", ADMIN_PASSWORD)
        numbers = iter(range(10**9))
        started = time.monotonic()
        writers = [
            asyncio.create_task(_writer(run, app.port, token, numbers)) for _ in range(args.writers)
        ]
        await asyncio.sleep(args.outage_at)
        timeline["stopped_at"] = round(time.monotonic() - started, 1)
        await asyncio.to_thread(server.stop, "immediate")
        await asyncio.sleep(args.outage_seconds)
        await asyncio.to_thread(server.start)
        timeline["restarted_at"] = round(time.monotonic() - started, 1)
        await asyncio.sleep(max(0.0, args.duration - (time.monotonic() - started)))
        run.stopping = True  # each client finishes (answers) the write it is on, then stops
        try:
            await asyncio.gather(*writers)
        except RuntimeError:
            print(app.log.read_text()[-6000:], file=sys.stderr)  # why the server failed
            raise
        timeline["finished_at"] = round(time.monotonic() - started, 1)
    stored = await _stored_names(url, run.tag)
    return _report(args, run, stored, timeline)


def _report(args: argparse.Namespace, run: Run, stored: Counter[str], timeline: dict) -> dict:
    answers: Counter[str] = Counter()
    for write in run.writes:
        answers.update(write.answers)
    acknowledged = [w for w in run.writes if w.acknowledged]
    lost = [w.name for w in acknowledged if stored[w.name] == 0]
    duplicated = {name: copies for name, copies in stored.items() if copies > 1}
    return {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "settings": {
            "writers": args.writers,
            "duration_s": args.duration,
            "outage_at_s": args.outage_at,
            "outage_s": args.outage_seconds,
            "shutdown": "immediate",
            "workers": args.workers,
            "idempotency_keys": run.keyed,
        },
        "timeline_s": timeline,
        "writes": len(run.writes),
        "acknowledged": len(acknowledged),
        "rows_found": sum(stored.values()),
        "lost": len(lost),
        "duplicated": sum(copies - 1 for copies in duplicated.values()),
        "retried": sum(w.attempts > 1 for w in run.writes),
        "replayed": sum(w.replayed for w in acknowledged),
        "answers": dict(sorted(answers.items())),
        "lost_samples": lost[:10],
        "duplicated_samples": dict(list(duplicated.items())[:10]),
        "passed": not lost and not duplicated,
    }


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with tempfile.TemporaryDirectory(prefix="gefest-outage-") as root:
        server = EmbeddedPostgres(Path(root) / "postgres", server_settings={"fsync": "off"})
        url = server.start()
        try:
            report = asyncio.run(outage_run(args, server, url))
        finally:
            with contextlib.suppress(Exception):
                server.stop()
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"outage-{stamp}.json"
    path.write_bytes(msgspec.json.format(msgspec.json.encode(report), indent=2) + b"\n")
    print(
        f"outage run ({'with' if report['settings']['idempotency_keys'] else 'without'} "
        f"Idempotency-Key): {report['writes']} writes, {report['acknowledged']} acknowledged, "
        f"{report['rows_found']} rows found, {report['lost']} lost, {report['duplicated']} "
        f"duplicated; {report['retried']} retried, {report['replayed']} answered by a replay; "
        f"answers {report['answers']}; database down at {report['timeline_s']['stopped_at']} s, "
        f"back at {report['timeline_s']['restarted_at']} s; results: {path}"
    )
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
