"""`python -m bench.soak` (`make soak`): a mixed read/write load for minutes, watching memory.

The database and the server are the benchmark's (bench/database.py, bench/server.py: 100,000
demo candidates, `gefest serve` like production with WORKERS granian workers). CONCURRENCY
users, each on its own keep-alive connection, send requests back to back for DURATION seconds,
70% reads (candidate cards, pages, filtered lists, searches, vacancy and interview lists) and
30% writes (candidates created, patched, interviews moved to another stage). Every user follows
its own shuffled schedule of the mix, so the shares are exact. Writes never collide: a user
patches only the candidates it created and moves only the interviews of the vacancies it owns,
from the stage it saw last, so every answer should be a 2xx and any other is an error.

The first WARMUP seconds are load too, but not measured: throughput and p50/p99 per operation
count the requests that start after them; errors count over the whole run. Every few seconds the
resident memory (RSS) of each granian worker (the children of granian's main process, under
`gefest serve`) is sampled; after the warm-up a least-squares line through a worker's samples
gives its slope in MB/min, which should be about zero.

Results go to bench/results/soak-<timestamp>.json and a table on stdout. The exit code is 1 when
a request failed or a worker's memory grew faster than --max-slope.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import msgspec
import psutil
from sqlalchemy import make_url

from bench.__main__ import CpuWindow, _git_commit, _summary
from bench.database import bench_server, prepare
from bench.http import Connection, Request, Response, Tally
from bench.server import HOST, AppServer, app_server, login
from entrypoints.demo import vocabulary as words
from entrypoints.demo.loader import asyncpg_dsn

RESULTS = Path(__file__).resolve().parent / "results"
API = "/api/v1"
SURNAME_FRAGMENTS = ("иванов", "petr", "кузнец", "smith", "соколов", "garcia", "ёлк", "nov")
RELOGIN_SECONDS = 600  # access tokens live 15 minutes
TIMELINE_SECONDS = 30


@dataclass(frozen=True)
class Operation:
    name: str
    weight: int  # per 100 requests
    write: bool
    expected: int  # the status of success


OPERATIONS = (
    Operation("card by id", 20, False, 200),
    Operation("candidate list page", 10, False, 200),
    Operation("candidate list position+salary", 8, False, 200),
    Operation("candidate search q", 8, False, 200),
    Operation("candidate list two skills", 6, False, 200),
    Operation("vacancy list filtered", 8, False, 200),
    Operation("interview list of vacancy", 10, False, 200),
    Operation("create candidate", 10, True, 201),
    Operation("patch own candidate", 10, True, 200),
    Operation("stage move", 10, True, 201),
)
assert sum(o.weight for o in OPERATIONS) == 100


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--candidates", type=int, default=100_000, help="demo size (100000)")
    parser.add_argument("--seed", type=int, default=1, help="demo data seed (1)")
    parser.add_argument("--concurrency", type=int, default=32, help="simultaneous users (32)")
    parser.add_argument(
        "--duration", type=float, default=300.0, help="seconds of load, warm-up included (300)"
    )
    parser.add_argument(
        "--warmup", type=float, default=60.0, help="first seconds, not measured (60)"
    )
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WORKERS") or 2), help="granian (2)"
    )
    parser.add_argument(
        "--sample-every", type=float, default=5.0, help="seconds between RSS samples (5)"
    )
    parser.add_argument(
        "--max-slope",
        type=float,
        default=1.0,
        help="MB/min of RSS growth after the warm-up a worker may show (1.0)",
    )
    args = parser.parse_args(argv)
    if not 0 <= args.warmup < args.duration:
        parser.error("--warmup must be at least 0 and less than --duration")
    if args.concurrency < 1 or args.sample_every <= 0:
        parser.error("--concurrency must be positive and --sample-every more than 0")
    return args


# ---------------------------------------------------------------------------------------------
# What the requests are made of: read through the API as demo.admin before the load starts.


class Api:
    """Requests of the setup (not measured): one connection, the answer decoded, 2xx or die."""

    def __init__(self, port: int, auth: Auth) -> None:
        self._connection = Connection(HOST, port, None)
        self._auth = auth

    async def call(self, method: str, path: str, body: object = None, expected: int = 200) -> Any:
        encoded = None if body is None else msgspec.json.encode(body)
        response = await self._connection.request(method, path, encoded, self._auth.header)
        if response.status != expected:
            raise RuntimeError(f"{method} {path}: {response.status} {response.body[:300]!r}")
        return msgspec.json.decode(response.body)

    async def close(self) -> None:
        await self._connection.close()


@dataclass
class Auth:
    """The Bearer header every connection sends; renewed before the access token expires."""

    header: bytes = b""

    async def refresh(self, port: int) -> None:
        self.header = f"Authorization: Bearer {await login(port)}\r\n".encode()


@dataclass
class Fixture:
    run_tag: str  # makes this run's e-mails and phones unique
    candidate_ids: list[str]
    position_ids: list[str]
    grade_ids: list[str]
    skill_ids: list[str]
    family_status_codes: list[int]
    stage_codes: list[int]  # live interview stages
    vacancy_ids: list[str]
    # per user: its own interviews as [id, current stage code]; its own created candidates
    interviews: list[list[list[Any]]]
    created: list[list[str]] = field(default_factory=list)


def _path(path: str, **query: object) -> str:
    pairs = [
        (k, v)
        for k, value in query.items()
        for v in (value if isinstance(value, list | tuple) else [value])
    ]
    return f"{API}{path}?{urlencode(pairs, quote_via=quote)}" if pairs else f"{API}{path}"


async def load_fixture(api: Api, concurrency: int) -> Fixture:
    rng = random.Random(1)

    async def ids(path: str, **query: object) -> list[str]:
        return [item["id"] for item in (await api.call("GET", _path(path, **query)))["items"]]

    async def codes(name: str) -> list[int]:
        items = (await api.call("GET", _path(f"/refs/{name}")))["items"]
        return [item["code"] for item in items if not item.get("is_archive")]

    total = (await api.call("GET", _path("/candidates", limit=1)))["count"]
    candidate_ids: list[str] = []
    for offset in sorted(
        rng.sample(range(0, max(total - 200, 1)), k=min(10, max(total // 200, 1)))
    ):
        candidate_ids += await ids("/candidates", limit=200, offset=offset)
    vacancy_count = (await api.call("GET", _path("/vacancies", limit=1)))["count"]
    vacancy_ids: list[str] = []
    for offset in range(0, min(vacancy_count, 2000), 200):
        vacancy_ids += await ids("/vacancies", limit=200, offset=offset, sort="created_at")
    vacancy_ids = list(dict.fromkeys(vacancy_ids))  # a vacancy has one owner, even if paged twice
    fixture = Fixture(
        run_tag=f"{int(time.time()) % 100_000_000:08d}",
        candidate_ids=candidate_ids,
        position_ids=await ids("/positions", limit=200),
        grade_ids=await ids("/grades", limit=200),
        skill_ids=await ids("/skills", limit=200),
        family_status_codes=await codes("family-statuses"),
        stage_codes=await codes("interview-stages"),
        vacancy_ids=vacancy_ids,
        interviews=[],
        created=[[] for _ in range(concurrency)],
    )
    if not (candidate_ids and fixture.position_ids and fixture.skill_ids and vacancy_ids):
        raise RuntimeError("the demo company has no candidates, positions, skills or vacancies")
    # Each user owns whole vacancies (every interview of them), so no two users move one interview.
    owned = list(vacancy_ids)
    rng.shuffle(owned)
    for user in range(concurrency):
        mine: list[list[Any]] = []
        for vacancy_id in owned[user::concurrency]:
            items = (await api.call("GET", _path("/interviews", vacancy_id=vacancy_id, limit=200)))[
                "items"
            ]
            mine += [[item["id"], item["stage"]["code"]] for item in items]
            if len(mine) >= 40:
                break
        if not mine:
            raise RuntimeError(f"user {user} found no interviews to move")
        fixture.interviews.append(mine)
    return fixture


# ---------------------------------------------------------------------------------------------
# The requests.


def new_candidate(f: Fixture, user: int, sequence: int) -> dict[str, object]:
    n = user * 1_000_003 + sequence
    today = date.today()
    tag = f"{f.run_tag}{user:03d}{sequence:07d}"
    return {
        "first_name": words.RU_MALE_FIRST[n % len(words.RU_MALE_FIRST)],
        "last_name": words.RU_LAST[(n // 7) % len(words.RU_LAST)],
        "middle_name": words.RU_MALE_MIDDLE[n % len(words.RU_MALE_MIDDLE)],
        "birth_date": (today - timedelta(days=9000 + n % 5000)).isoformat(),
        "min_salary": 90_000 + (n % 300) * 1000,
        "position_id": f.position_ids[n % len(f.position_ids)],
        "grade_id": f.grade_ids[n % len(f.grade_ids)] if f.grade_ids else None,
        "contacts": [
            {"type_code": 1, "value": f"+7{tag[-10:]}", "is_priority": True},
            {"type_code": 3, "value": f"soak.{tag}@example.com"},
        ],
        "work_places": [
            {
                "position": words.JOB_TITLES[n % len(words.JOB_TITLES)],
                "company": words.EMPLOYERS[n % len(words.EMPLOYERS)],
                "work_from": (today - timedelta(days=900)).isoformat(),
                "is_actual": True,
            },
            {
                "position": words.JOB_TITLES[(n + 3) % len(words.JOB_TITLES)],
                "company": words.EMPLOYERS[(n + 5) % len(words.EMPLOYERS)],
                "work_from": (today - timedelta(days=2400)).isoformat(),
                "work_to": (today - timedelta(days=950)).isoformat(),
            },
        ],
        "languages": [{"language_code": 2, "level_code": 1 + n % 6}],
        "skills": [{"id": f.skill_ids[(n + 31 * k) % len(f.skill_ids)]} for k in range(3)],
        "notes": [{"text": f"Добавлен нагрузочным тестом {tag}."}],
    }


Builder = Callable[[int, int], Request]
Seen = Callable[[int, Request, Response], None]


def _pick(items: list | tuple, user: int, sequence: int) -> Any:
    return items[(user * 7919 + sequence * 104729) % len(items)]


def builders(f: Fixture) -> tuple[dict[str, Builder], dict[str, Seen]]:
    pages = [0, 50, 100, 150, 200, 250, 300, 350, 400, 450]
    skill_pairs = [(a, b) for i, a in enumerate(f.skill_ids[:12]) for b in f.skill_ids[i + 1 : 12]]
    positions = f.position_ids[:8]
    move_turn = [0] * len(f.interviews)
    patch_turn = [0] * len(f.created)

    def card(u: int, s: int) -> Request:
        return "GET", _path(f"/candidates/{_pick(f.candidate_ids, u, s)}"), None

    def page(u: int, s: int) -> Request:
        return "GET", _path("/candidates", limit=50, offset=_pick(pages, u, s)), None

    def filtered(u: int, s: int) -> Request:
        query = {"position_id": _pick(positions, u, s), "salary_from": 100000}
        return "GET", _path("/candidates", **query, salary_to=300000, limit=50), None

    def search(u: int, s: int) -> Request:
        return "GET", _path("/candidates", q=_pick(SURNAME_FRAGMENTS, u, s), limit=50), None

    def skills(u: int, s: int) -> Request:
        pair = list(_pick(skill_pairs, u, s)) if skill_pairs else f.skill_ids[:1]
        return "GET", _path("/candidates", skill_id=pair, limit=50), None

    def vacancies(u: int, s: int) -> Request:
        query = {"status_code": _pick([1, 2, 3], u, s), "salary_from": 100000}
        return "GET", _path("/vacancies", **query, salary_to=250000, limit=50), None

    def interviews(u: int, s: int) -> Request:
        return "GET", _path("/interviews", vacancy_id=_pick(f.vacancy_ids, u, s), limit=50), None

    def create(u: int, s: int) -> Request:
        return "POST", _path("/candidates"), msgspec.json.encode(new_candidate(f, u, s))

    def created(u: int, _request: Request, response: Response) -> None:
        f.created[u].append(msgspec.json.decode(response.body)["id"])

    def patch(u: int, s: int) -> Request:
        mine = f.created[u]
        target = mine[patch_turn[u] % len(mine)]
        patch_turn[u] += 1
        body = {
            "min_salary": 100_000 + (s % 400) * 1000,
            "family_status_code": _pick(f.family_status_codes, u, s),
            "middle_name": words.RU_MALE_MIDDLE[s % len(words.RU_MALE_MIDDLE)],
        }
        return "PATCH", _path(f"/candidates/{target}"), msgspec.json.encode(body)

    def move(u: int, s: int) -> Request:
        mine = f.interviews[u]
        interview_id, stage = mine[move_turn[u] % len(mine)]
        others = [code for code in f.stage_codes if code != stage]
        body = {"new_stage_code": others[s % len(others)], "note": f"soak {f.run_tag} {u}/{s}"}
        return "POST", _path(f"/interviews/{interview_id}/stage-results"), msgspec.json.encode(body)

    def moved(u: int, request: Request, response: Response) -> None:
        mine = f.interviews[u]
        item = mine[move_turn[u] % len(mine)]
        item[1] = msgspec.json.decode(response.body)["new_stage"]["code"]
        move_turn[u] += 1

    build = {
        "card by id": card,
        "candidate list page": page,
        "candidate list position+salary": filtered,
        "candidate search q": search,
        "candidate list two skills": skills,
        "vacancy list filtered": vacancies,
        "interview list of vacancy": interviews,
        "create candidate": create,
        "patch own candidate": patch,
        "stage move": move,
    }
    return build, {"create candidate": created, "stage move": moved}


def schedule(user: int) -> list[Operation]:
    """100 operations in the mix's proportions, shuffled differently for every user."""
    plan = [o for o in OPERATIONS for _ in range(o.weight)]
    random.Random(1000 + user).shuffle(plan)
    return plan


# ---------------------------------------------------------------------------------------------
# The load.


@dataclass
class OperationTally:
    measured: Tally = field(default_factory=Tally)  # requests started after the warm-up
    warmup_requests: int = 0
    warmup_errors: int = 0
    warmup_error_samples: list[str] = field(default_factory=list)


@dataclass
class Timeline:
    """Requests, errors and latencies per TIMELINE_SECONDS slice of the run."""

    slices: dict[int, list[float]] = field(default_factory=dict)
    errors: Counter[int] = field(default_factory=Counter)

    def add(self, offset: float, latency: float | None) -> None:
        index = int(offset // TIMELINE_SECONDS)
        if latency is None:
            self.errors[index] += 1
            self.slices.setdefault(index, [])
        else:
            self.slices.setdefault(index, []).append(latency)

    def rows(self, duration: float) -> list[dict[str, Any]]:
        return [
            {
                "from_s": index * TIMELINE_SECONDS,
                "rps": round(
                    len(latencies) / min(TIMELINE_SECONDS, duration - index * TIMELINE_SECONDS), 1
                ),
                "p50_ms": round(1000 * _percentile(latencies, 0.5), 1),
                "p99_ms": round(1000 * _percentile(latencies, 0.99), 1),
                "errors": self.errors[index],
            }
            for index, latencies in sorted(self.slices.items())
        ]


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def load(
    port: int,
    auth: Auth,
    fixture: Fixture,
    *,
    concurrency: int,
    warmup: float,
    duration: float,
    on_window: Callable[[bool], None],
) -> tuple[dict[str, OperationTally], Timeline]:
    build, seen = builders(fixture)
    tallies = {o.name: OperationTally() for o in OPERATIONS}
    timeline = Timeline()
    started = time.perf_counter()
    window_start, end = started + warmup, started + duration

    async def user(number: int) -> None:
        connection, plan, sequence = Connection(HOST, port, None), schedule(number), 0
        try:
            while (now := time.perf_counter()) < end:
                operation = plan[sequence % len(plan)]
                request = build[operation.name](number, sequence)
                sequence += 1
                method, path, body = request
                tally = tallies[operation.name]
                try:
                    response = await connection.request(method, path, body, auth.header)
                except (asyncio.IncompleteReadError, ConnectionError, OSError) as error:
                    _fail(tally, now >= window_start, f"{method} {path}: {error!r}")
                    timeline.add(now - started, None)
                    continue
                elapsed = time.perf_counter() - now
                if response.status != operation.expected:
                    _fail(tally, now >= window_start, _describe(request, response))
                    timeline.add(now - started, None)
                    continue
                if operation.name in seen:
                    seen[operation.name](number, request, response)
                timeline.add(now - started, elapsed)
                if now < window_start:
                    tally.warmup_requests += 1
                    continue
                tally.measured.latencies.append(elapsed)
                tally.measured.bytes_received += len(response.body)
                if b"x-statements" in response.headers:
                    tally.measured.statements.append(int(response.headers[b"x-statements"]))
        finally:
            await connection.close()

    async def window() -> None:
        await asyncio.sleep(max(0.0, window_start - time.perf_counter()))
        await asyncio.to_thread(on_window, True)
        await asyncio.sleep(max(0.0, end - time.perf_counter()))
        await asyncio.to_thread(on_window, False)

    async def relogin() -> None:
        while time.perf_counter() + RELOGIN_SECONDS < end:
            await asyncio.sleep(RELOGIN_SECONDS)
            await auth.refresh(port)

    renewing = asyncio.ensure_future(relogin())
    try:
        await asyncio.gather(window(), *(user(n) for n in range(concurrency)))
    finally:
        renewing.cancel()
    return tallies, timeline


def _fail(tally: OperationTally, measured: bool, description: str) -> None:
    if measured:
        tally.measured.fail(description)
    else:
        tally.warmup_errors += 1
        if len(tally.warmup_error_samples) < 5:
            tally.warmup_error_samples.append(description[:300])


def _describe(request: Request, response: Response) -> str:
    method, path, body = request
    sent = f" {body[:200].decode(errors='replace')}" if body else ""
    return f"{method} {path}{sent}: {response.status} {response.body[:300]!r}"


# ---------------------------------------------------------------------------------------------
# The server's memory.


def granian_workers(server: AppServer) -> list[psutil.Process]:
    """The worker processes: the children of granian's main process (the topmost granian
    process under `gefest serve`)."""
    for process in server.processes():
        try:
            if "granian" in " ".join(process.cmdline()):
                return process.children()
        except psutil.NoSuchProcess:
            continue
    return []


@dataclass
class MemoryWatch:
    server: AppServer
    started: float
    samples: dict[int, list[tuple[float, float]]] = field(default_factory=dict)  # pid → (s, MB)

    def sample(self) -> None:
        offset = time.perf_counter() - self.started
        for process in granian_workers(self.server):
            try:
                rss = process.memory_info().rss / 2**20
            except psutil.NoSuchProcess:
                continue
            self.samples.setdefault(process.pid, []).append((round(offset, 1), round(rss, 2)))

    async def run(self, every: float, until: float) -> None:
        while time.perf_counter() < until:
            await asyncio.to_thread(self.sample)
            await asyncio.sleep(every)
        await asyncio.to_thread(self.sample)

    def report(self, warmup: float) -> list[dict[str, Any]]:
        workers = []
        for pid, samples in self.samples.items():
            after = [(s, mb) for s, mb in samples if s >= warmup]
            middle = (warmup + samples[-1][0]) / 2
            late = [(s, mb) for s, mb in after if s >= middle]
            workers.append(
                {
                    "pid": pid,
                    "rss_peak_mb": max(mb for _, mb in samples),
                    "rss_first_mb": samples[0][1],
                    "rss_after_warmup_mb": after[0][1] if after else None,
                    "rss_last_mb": samples[-1][1],
                    "slope_mb_per_min": _slope(after),
                    "slope_second_half_mb_per_min": _slope(late),
                    "samples_after_warmup": len(after),
                    "seen_from_s": samples[0][0],
                    "seen_to_s": samples[-1][0],
                    "samples": samples,
                }
            )
        return workers


def _slope(samples: list[tuple[float, float]]) -> float | None:
    """MB per minute of the least-squares line through (seconds, MB) samples."""
    if len(samples) < 3:
        return None
    fit = statistics.linear_regression([s / 60 for s, _ in samples], [mb for _, mb in samples])
    return round(fit.slope, 3)


# ---------------------------------------------------------------------------------------------


async def soak(args: argparse.Namespace, url: str, where: str) -> dict[str, Any]:
    database = url.rsplit("/", 1)[-1].split("?", 1)[0]
    async with app_server(url, args.workers) as server:
        auth = Auth()
        await auth.refresh(server.port)
        api = Api(server.port, auth)
        try:
            fixture = await load_fixture(api, args.concurrency)
            for user in range(args.concurrency):  # something to patch from the first second
                for sequence in range(2):
                    body = new_candidate(fixture, user, 9_000_000 + sequence)
                    card = await api.call("POST", _path("/candidates"), body, expected=201)
                    fixture.created[user].append(card["id"])
        finally:
            await api.close()
        print(
            f"soak: {args.concurrency} users for {args.duration:.0f}s "
            f"(warm-up {args.warmup:.0f}s) on {args.workers} granian workers ...",
            file=sys.stderr,
        )
        cpu = CpuWindow(server, database)
        started = time.perf_counter()
        memory = MemoryWatch(server, started)
        load_before = os.getloadavg()
        watching = asyncio.ensure_future(memory.run(args.sample_every, started + args.duration))
        tallies, timeline = await load(
            server.port,
            auth,
            fixture,
            concurrency=args.concurrency,
            warmup=args.warmup,
            duration=args.duration,
            on_window=cpu.mark,
        )
        await watching
        load_after = os.getloadavg()
        log_tail = server.log.read_text(errors="replace")[-4000:]
    measured = args.duration - args.warmup
    operations = []
    everything = Tally()
    for operation in OPERATIONS:
        tally = tallies[operation.name]
        row = {"operation": operation.name, "write": operation.write, "share": operation.weight}
        row |= _summary(tally.measured, measured)
        row["warmup_requests"] = tally.warmup_requests
        row["warmup_errors"] = tally.warmup_errors
        row["warmup_error_samples"] = tally.warmup_error_samples
        operations.append(row)
        everything.latencies += tally.measured.latencies
        everything.errors += tally.measured.errors + tally.warmup_errors
        everything.bytes_received += tally.measured.bytes_received
    total = _summary(everything, measured)
    total.pop("error_samples")
    total.pop("statements_per_request")
    workers = memory.report(args.warmup)
    errors = total["errors"]
    growing = [w["pid"] for w in workers if (w["slope_mb_per_min"] or 0) > args.max_slope]
    return {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
        },
        "settings": {
            "candidates": args.candidates,
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "measured_s": measured,
            "workers": args.workers,
            "sample_every_s": args.sample_every,
            "max_slope_mb_per_min": args.max_slope,
            "database": where,
            "mix": {o.name: o.weight for o in OPERATIONS},
        },
        "total": total,
        "reads_rps": round(sum(o["rps"] for o in operations if not o["write"]), 1),
        "writes_rps": round(sum(o["rps"] for o in operations if o["write"]), 1),
        "operations": operations,
        "cpu_percent_of_one_core": cpu.result,
        "memory": {"workers": workers, "growing": growing},
        "timeline": timeline.rows(args.duration),
        "created_candidates": sum(len(c) for c in fixture.created),
        "passed": errors == 0 and not growing and len(workers) >= args.workers,
        "server_log_tail": log_tail if errors else None,
    }


def _table(report: dict[str, Any]) -> str:
    header = f"{'operation':<32} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'err':>4}"
    lines = [header, "-" * len(header)]
    for r in [*report["operations"], {"operation": "all", **report["total"]}]:
        errors = r["errors"] + r.get("warmup_errors", 0)
        lines.append(
            f"{r['operation']:<32} {r['rps']:>7.1f} {r['p50_ms']:>7.1f} {r['p99_ms']:>7.1f} "
            f"{r['max_ms']:>7.1f} {errors:>4}"
        )
    lines.append("")
    lines.append(
        f"{'worker pid':<12} {'peak MB':>8} {'after warm-up':>14} {'last':>8} {'MB/min':>8} "
        f"{'2nd half':>9}"
    )
    for w in report["memory"]["workers"]:
        slopes = [w["slope_mb_per_min"], w["slope_second_half_mb_per_min"]]
        shown = ["" if slope is None else f"{slope:+.3f}" for slope in slopes]
        lines.append(
            f"{w['pid']:<12} {w['rss_peak_mb']:>8.1f} {w['rss_after_warmup_mb'] or 0:>14.1f} "
            f"{w['rss_last_mb']:>8.1f} {shown[0]:>8} {shown[1]:>9}"
        )
    return "\n".join(lines)


@contextlib.contextmanager
def soak_database(candidates: int) -> Iterator[tuple[str, str]]:
    """SOAK_DATABASE_URL as it is; else the database `gefest_soak_<candidates>` on the server the
    benchmark uses (made once, then kept). Not the benchmark's own database: its stage-move
    scenario would move interviews this soak owns (a 409 here), and the candidates the soak
    creates would change the benchmark's figures."""
    configured = os.environ.get("SOAK_DATABASE_URL")
    if configured:
        yield configured, "SOAK_DATABASE_URL"
        return
    with bench_server(candidates) as (url, where):
        name = f"gefest_soak_{candidates}"
        own = make_url(asyncpg_dsn(url)).set(database=name).render_as_string(hide_password=False)
        yield own, f"database {name} on the server of the benchmark ({where})"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--outage" in argv:  # `make soak SOAK_ARGS=--outage`: writers through a database crash
        from bench.outage import main as outage

        return outage([a for a in argv if a != "--outage"])
    args = _arguments(argv)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with soak_database(args.candidates) as (url, where):
        print(f"soak: {where}", file=sys.stderr)
        database_info = asyncio.run(prepare(url, candidates=args.candidates, seed=args.seed))
        report = asyncio.run(soak(args, url, where))
    report["database"] = database_info
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"soak-{stamp}.json"
    path.write_bytes(msgspec.json.format(msgspec.json.encode(report), indent=2) + b"\n")
    print(_table(report))
    cpu = report["cpu_percent_of_one_core"]
    print(
        f"{report['total']['rps']} req/s over {report['settings']['measured_s']:.0f}s "
        f"(reads {report['reads_rps']}, writes {report['writes_rps']}); errors "
        f"{report['total']['errors']}; CPU % of one core: {cpu}; load average "
        f"{report['machine']['load_average_after']} on {os.cpu_count()} CPUs; results: {path}"
    )
    for row in report["operations"]:
        for sample in row["error_samples"] + row["warmup_error_samples"]:
            print(f"error in {row['operation']}: {sample}", file=sys.stderr)
    if report["memory"]["growing"]:
        print(
            f"memory grows faster than {args.max_slope} MB/min in: {report['memory']['growing']}",
            file=sys.stderr,
        )
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
