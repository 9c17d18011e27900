"""`python -m bench.webhooks` (part of `make bench`): how fast one `gefest worker` delivers.

On the benchmark database (bench/database.py), a webhook of the demo company points at a local
receiver (HTTP/1.1 keep-alive, answers 200 at once); N events are appended as the app appends
them (the same statement, so the outbox rows are the app's own); then one `gefest worker`
process is started and timed until the receiver has every event. Prints events/s and the
delivery times the worker recorded, and writes bench/results/webhooks-<timestamp>.json. The
webhook and the events are removed afterwards."""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from uuid import uuid4

import asyncpg
import msgspec

from adapters.postgres.events import APPEND_EVENT, event_arguments
from adapters.system import Uuid7Generator
from bench.database import bench_server, ensure_database
from domain.events.event import Change, EntityRef, Event
from entrypoints.demo.loader import asyncpg_dsn, demo_company_id
from entrypoints.settings import to_async_database_url

RESULTS = Path(__file__).resolve().parent / "results"


class _Counter(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver would
    received = 0
    lock = threading.Lock()

    def setup(self) -> None:
        super().setup()
        # One answer, one packet: without it the body waits on the client's delayed ACK (40 ms).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with _Counter.lock:
            _Counter.received += 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        """No access log: it would cost the receiver more than answering."""


async def _append_events(url: str, receiver: str, count: int) -> tuple[str, list]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        company = await demo_company_id(connection)
        if company is None:
            raise SystemExit("bench.webhooks: no demo data here; `make bench` loads it first")
        admin = await connection.fetchval(
            "SELECT id FROM users WHERE company_id = $1 ORDER BY created_at LIMIT 1", company
        )
        webhook = uuid4()
        await connection.execute(
            "INSERT INTO webhooks (id, company_id, url, event_types, secret, created_by) "
            "VALUES ($1, $2, $3, $4, 'whsec_bench', $5)",
            webhook,
            company,
            receiver,
            ["candidate.updated"],
            admin,
        )
        ids, now = Uuid7Generator(), datetime.now(UTC)
        candidate = await connection.fetchval(
            "SELECT id FROM candidates WHERE company_id = $1 LIMIT 1", company
        )
        events = [
            Event(
                id=ids.new_id(),
                company_id=company,
                type="candidate.updated",
                entity=EntityRef("candidate", candidate),
                actor_id=admin,
                occurred_at=now,
                changes=(Change("min_salary", 100_000 + n, 100_001 + n),),
            )
            for n in range(count)
        ]
        async with connection.transaction():
            await connection.executemany(APPEND_EVENT, [event_arguments(e) for e in events])
        return str(webhook), [e.id for e in events]
    finally:
        await connection.close()


async def _cleanup(url: str, webhook: str, event_ids: list) -> list[int]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        durations = [
            row[0]
            for row in await connection.fetch(
                "SELECT last_duration_ms FROM webhook_deliveries WHERE webhook_id = $1 "
                "AND status = 'delivered'",
                webhook,
            )
        ]
        await connection.execute("DELETE FROM webhooks WHERE id = $1::uuid", webhook)
        await connection.execute("DELETE FROM events WHERE id = ANY($1::uuid[])", event_ids)
        return durations
    finally:
        await connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.webhooks", description=__doc__)
    parser.add_argument("--events", type=int, default=5000, help="events to deliver (5000)")
    parser.add_argument("--candidates", type=int, default=100_000, help="which bench database")
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver = f"http://127.0.0.1:{server.server_address[1]}/bench"
    with bench_server(args.candidates) as (url, where):
        asyncio.run(ensure_database(url))
        from adapters.postgres.migrator import upgrade

        asyncio.run(upgrade(to_async_database_url(url)))
        webhook, event_ids = asyncio.run(_append_events(url, receiver, args.events))
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "APP_ENV": "test",
            "WEBHOOK_ALLOW_PRIVATE": "true",
        }
        started = time.perf_counter()
        worker = subprocess.Popen([sys.executable, "-m", "entrypoints.cli.main", "worker"], env=env)
        try:
            while _Counter.received < args.events and time.perf_counter() - started < 300:
                time.sleep(0.02)
            elapsed = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=20)
            durations = asyncio.run(_cleanup(url, webhook, event_ids))
    server.shutdown()
    rate = _Counter.received / elapsed
    quantiles = statistics.quantiles(durations, n=100) if len(durations) > 1 else [0] * 99
    result = {
        "scenario": "webhook delivery, one worker",
        "issue": 12,
        "database": where,
        "events": args.events,
        "delivered": _Counter.received,
        "seconds": round(elapsed, 2),
        "events_per_second": round(rate, 1),
        "target_events_per_second": 300,
        "delivery_ms_p50": quantiles[49],
        "delivery_ms_p99": quantiles[98],
        "meets_target": rate >= 300 and _Counter.received == args.events,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"webhooks-{stamp}.json").write_bytes(
        msgspec.json.format(msgspec.json.encode(result))
    )
    print(
        f"webhook delivery, one worker: {result['delivered']}/{args.events} events in "
        f"{result['seconds']} s = {result['events_per_second']} events/s (target 300); "
        f"delivery p50 {result['delivery_ms_p50']} ms, p99 {result['delivery_ms_p99']} ms"
    )
    return 0 if result["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
