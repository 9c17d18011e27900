"""`python -m bench` (`make bench`): load benchmarks of the HTTP API on the demo data.

1. A database with the demo data (bench/database.py; 100,000 candidates by default, reused).
2. The app as in production: `gefest serve` (granian, WORKERS processes), APP_ENV=production,
   and EXPOSE_STATEMENT_COUNT=true so each response says how many SQL statements it ran.
3. For each scenario (bench/scenarios.py): a closed loop of CONCURRENCY users on keep-alive
   connections, a warm-up, then a measured window: requests/s, p50/p99 latency, errors, response
   size, statements per request, and CPU use of the client, the app, the database backends of the
   app and everything else on the machine (other engineers' work shows up there).
4. The card's SQL alone through asyncpg at the same concurrency (the database floor).

Results go to bench/results/<timestamp>.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import psutil

from bench.database import bench_server, prepare
from bench.floor import capture_card_statements, floor
from bench.http import Tally, closed_loop
from bench.scenarios import Fixture, Scenario, load_fixture, scenarios
from bench.server import HOST, AppServer, app_server, login

RESULTS = Path(__file__).resolve().parent / "results"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=100_000, help="demo size (100000)")
    parser.add_argument("--seed", type=int, default=1, help="demo data seed (1)")
    parser.add_argument("--concurrency", type=int, default=16, help="simultaneous users (16)")
    parser.add_argument("--duration", type=float, default=15.0, help="measured seconds (15)")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first (3)")
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WORKERS") or 2), help="granian (2)"
    )
    parser.add_argument(
        "--pool-size",
        type=int,
        help="DATABASE_POOL_SIZE of each worker (default: --concurrency, so no worker's pool "
        "overflows; the service's own default is 10)",
    )
    parser.add_argument("--only", help="comma-separated words: run scenarios whose name has one")
    parser.add_argument("--no-floor", action="store_true", help="skip the database floor")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the scenarios this many times, every other round in reverse order, and report "
        "each one's median round (1): for comparing two scenarios, such as a write with and "
        "without an Idempotency-Key, without the one that runs later paying for a grown database",
    )
    return parser.parse_args(argv)


class CpuWindow:
    """CPU seconds spent during a window by: this process (the load client), the app's
    processes, the app's database backends, and the whole machine; as % of one core."""

    def __init__(self, server: AppServer | None, database: str | None) -> None:
        self._server, self._database = server, database
        self._start: dict[str, Any] = {}
        self.result: dict[str, float] = {}

    def _backends(self) -> dict[int, float]:
        if not self._database:
            return {}
        found = {}
        for process in psutil.process_iter(["cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or ())
            if cmdline.startswith("postgres:") and f" {self._database} " in cmdline:
                found[process.pid] = _cpu(process)
        return found

    def _app(self) -> dict[int, float]:
        return {p.pid: _cpu(p) for p in self._server.processes()} if self._server else {}

    def mark(self, starting: bool) -> None:
        machine = psutil.cpu_times()
        snapshot = {
            "time": time.perf_counter(),
            "client": time.process_time(),
            "app": self._app(),
            "db": self._backends(),
            "busy": machine.user
            + machine.system
            + machine.nice
            + getattr(machine, "irq", 0)
            + getattr(machine, "softirq", 0),
        }
        if starting:
            self._start = snapshot
            return
        start = self._start
        seconds = snapshot["time"] - start["time"]

        def used(name: str) -> float:
            before = start[name]
            return sum(value - before.get(pid, 0.0) for pid, value in snapshot[name].items())

        share = {
            "client": snapshot["client"] - start["client"],
            "app": used("app"),
            "db": used("db"),
            "machine": snapshot["busy"] - start["busy"],
        }
        share["other"] = share["machine"] - share["client"] - share["app"] - share["db"]
        self.result = {name: round(100 * value / seconds, 1) for name, value in share.items()}


def _cpu(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0.0
    return times.user + times.system


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _summary(tally: Tally, duration: float) -> dict[str, Any]:
    done = len(tally.latencies)
    return {
        "requests": done,
        "rps": round(done / duration, 1),
        "p50_ms": round(1000 * _percentile(tally.latencies, 0.50), 1),
        "p99_ms": round(1000 * _percentile(tally.latencies, 0.99), 1),
        "max_ms": round(1000 * max(tally.latencies, default=float("nan")), 1),
        "errors": tally.errors,
        "error_samples": tally.error_samples,
        "bytes_per_response": round(tally.bytes_received / max(done + tally.errors, 1)),
        "statements_per_request": (
            {
                "min": min(tally.statements),
                "max": max(tally.statements),
                "mean": round(statistics.fmean(tally.statements), 2),
            }
            if tally.statements
            else None
        ),
    }


async def _run_scenario(
    scenario: Scenario, server: AppServer, token: str, args: argparse.Namespace, database: str
) -> dict[str, Any]:
    cpu = CpuWindow(server, database)
    load_before = os.getloadavg()
    tally = await closed_loop(
        HOST,
        server.port,
        token,
        scenario.next_request,
        concurrency=args.concurrency,
        warmup=args.warmup,
        duration=args.duration,
        on_response=scenario.on_response,
        on_window=cpu.mark,
    )
    result = {"scenario": scenario.name, "issue": scenario.issue, "target_rps": scenario.target_rps}
    result |= _summary(tally, args.duration)
    result["cpu_percent_of_one_core"] = cpu.result
    result["load_average"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
    result["meets_target"] = _meets(result)
    result["note"] = scenario.note
    return result


def _median_round(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The round of median requests/s, with every round's figure beside it."""
    ranked = sorted(rounds, key=lambda r: r["rps"])
    median = dict(ranked[(len(ranked) - 1) // 2])
    if len(rounds) > 1:
        median["rounds_rps"] = [r["rps"] for r in rounds]
    return median


def _meets(result: dict[str, Any]) -> bool | None:
    target = result["target_rps"]
    if target is None:
        return result["errors"] == 0 and result["p99_ms"] <= 250
    return result["rps"] >= target and result["errors"] == 0 and result["p99_ms"] <= 250


async def _run_floor(
    url: str, fixture: Fixture, args: argparse.Namespace, database: str
) -> list[dict[str, Any]]:
    sample = fixture.candidate_ids[0]
    statements = await capture_card_statements(url, fixture.company_id, sample)
    results = []
    for app_round_trips in (False, True):
        cpu = CpuWindow(None, database)
        task = asyncio.ensure_future(
            floor(
                url,
                statements,
                sample,
                fixture.candidate_ids,
                concurrency=args.concurrency,
                warmup=args.warmup,
                duration=args.duration,
                app_round_trips=app_round_trips,
            )
        )
        await asyncio.sleep(args.warmup)
        await asyncio.to_thread(cpu.mark, True)
        await asyncio.sleep(args.duration)
        await asyncio.to_thread(cpu.mark, False)
        tally = await task
        name = "card floor: SQL + ping/BEGIN/ROLLBACK" if app_round_trips else "card floor: SQL"
        result = {"scenario": name, "issue": 4, "target_rps": None} | _summary(tally, args.duration)
        result["statements_per_request"] = {
            "min": len(statements) + 3 * app_round_trips,
            "max": len(statements) + 3 * app_round_trips,
            "mean": len(statements) + 3 * app_round_trips,
        }
        result["cpu_percent_of_one_core"] = cpu.result
        result["load_average"] = [round(x, 2) for x in os.getloadavg()]
        results.append(result)
    return results


def _table(results: list[dict[str, Any]]) -> str:
    header = (
        f"{'scenario':<38} {'req/s':>8} {'target':>7} {'p50 ms':>7} {'p99 ms':>7} {'err':>4} "
        f"{'bytes':>7} {'SQL':>5} {'cli%':>5} {'app%':>5} {'db%':>5} {'oth%':>5}  ok"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        cpu = r.get("cpu_percent_of_one_core") or {}
        sql = r["statements_per_request"]
        ok = {True: "yes", False: "NO", None: ""}[r.get("meets_target")]
        lines.append(
            f"{r['scenario']:<38} {r['rps']:>8.1f} {r['target_rps'] or '':>7} {r['p50_ms']:>7.1f} "
            f"{r['p99_ms']:>7.1f} {r['errors']:>4} {r['bytes_per_response']:>7} "
            f"{(sql or {}).get('mean', ''):>5} {cpu.get('client', ''):>5} {cpu.get('app', ''):>5} "
            f"{cpu.get('db', ''):>5} {cpu.get('other', ''):>5}  {ok}"
        )
    return "\n".join(lines)


def _git_commit() -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


@dataclass
class Run:
    args: argparse.Namespace
    url: str
    where: str


async def _benchmark(run: Run, database_info: dict[str, Any]) -> dict[str, Any]:
    args = run.args
    database = run.url.rsplit("/", 1)[-1].split("?", 1)[0]
    fixture = await load_fixture(run.url)
    chosen = scenarios(fixture, args.concurrency)
    if args.only:
        wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        chosen = [s for s in chosen if any(w in s.name.lower() for w in wanted)]
    results: list[dict[str, Any]] = []
    async with app_server(run.url, args.workers, args.pool_size or args.concurrency) as server:
        token = await login(server.port)
        rounds: dict[str, list[dict[str, Any]]] = {s.name: [] for s in chosen}
        for number in range(args.rounds):
            order = chosen if number % 2 == 0 else chosen[::-1]
            for scenario in order:
                print(f"bench: {scenario.name} (round {number + 1}) ...", file=sys.stderr)
                result = await _run_scenario(scenario, server, token, args, database)
                rounds[scenario.name].append(result)
        results = [_median_round(rounds[scenario.name]) for scenario in chosen]
    floors: list[dict[str, Any]] = []
    if not args.no_floor:
        print("bench: database floor of the card ...", file=sys.stderr)
        floors = await _run_floor(run.url, fixture, args, database)
        card = next((r for r in results if r["scenario"] == "card by id"), None)
        if card is not None:
            for result in floors:
                result["app_over_floor"] = round(card["rps"] / result["rps"], 3)
    return {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "settings": {
            "candidates": args.candidates,
            "seed": args.seed,
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "rounds": args.rounds,
            "warmup_s": args.warmup,
            "workers": args.workers,
            "database_pool_size_per_worker": args.pool_size or args.concurrency,
            "database": run.where,
        },
        "database": database_info,
        "results": results,
        "floor": floors,
    }


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with bench_server(args.candidates) as (url, where):
        print(f"bench: {where}", file=sys.stderr)
        database_info = asyncio.run(prepare(url, candidates=args.candidates, seed=args.seed))
        report = asyncio.run(_benchmark(Run(args, url, where), database_info))
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{stamp}.json"
    path.write_bytes(msgspec.json.format(msgspec.json.encode(report), indent=2) + b"\n")
    everything = report["results"] + report["floor"]
    print(_table(everything))
    for result in report["results"]:
        if "rounds_rps" in result:
            print(f"rounds ({result['scenario']}): {result['rounds_rps']} req/s")
    for result in report["floor"]:
        if "app_over_floor" in result:
            print(f"app/floor ({result['scenario']}): {result['app_over_floor']}")
    print(
        f"load average {report['machine']['load_average_at_end']} on {os.cpu_count()} CPUs; "
        f"CPU columns are % of one core during the measured window; results: {path}"
    )
    failed = [r for r in report["results"] if r["errors"]]
    for result in failed:
        print(f"errors in {result['scenario']}: {result['error_samples']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
