"""The service survives its database going away, proven on a PostgreSQL server the test owns.

While the server is down, every request is answered promptly (never a hang, never a 500) with
`503 service_unavailable` and `Retry-After`; `/ready` says 503, `/health` stays 200. When the server
is back on the same data directory, the same app (same engine, same pool) serves again by itself.

Writers run through it all. Afterwards every write acknowledged with 2xx is there, exactly as it
was acknowledged, and every write answered with an error is either absent or present in full. The
"present" case is the one ambiguity no server can remove: the commit reached the WAL, then the
connection died before the reply did. The client saw 503 and must treat the write as "unknown",
not as "not done". What must never happen is a half-applied write: a candidate card is a dozen
INSERTs in one transaction (candidate, contacts, work places, languages, a new skill of the
dictionary, a note), so it is either stored whole or not at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Literal

import asyncpg
import httpx
import psutil
import pytest
import pytest_asyncio
from dishka import AsyncContainer
from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from adapters.postgres import tables
from adapters.postgres.embedded import EmbeddedPostgres
from adapters.postgres.errors import translate
from adapters.postgres.migrator import upgrade
from application.errors import ServiceUnavailable
from entrypoints.http.app import create_app
from tests.api.conftest import BASE_URL, api_settings
from tests.support.embedded import scratch_directory
from tests.support.lifespan import start_app, stop_app
from tests.support.tenants import Tenant, make_tenant

API = "/api/v1"
DEPARTMENTS = f"{API}/departments"
CANDIDATES = f"{API}/candidates"
MOBILE, EMAIL = 1, 3

TIMEOUT_SECONDS = 2.0  # DATABASE_TIMEOUT_SECONDS of the app under test
BOUND_SECONDS = 2 * TIMEOUT_SECONDS + 1  # no answer may take longer, outage or not
HANG_GUARD_SECONDS = 3 * BOUND_SECONDS  # a request still running then is cut off and reported
RECOVERY_SECONDS = 15.0  # from "the server accepts connections" to "the app serves"
OUTAGE_SECONDS = 1.5  # how long the writers keep hammering the dead database
WRITES_PER_PHASE = 12  # acknowledged writes wanted before the outage and after it
POOLED = 5  # concurrent requests: that many connections in the pool

# A durable server (synchronous_commit on): an acknowledged commit is in the WAL, so it must
# survive `pg_ctl stop -m immediate`. fsync off only matters if the machine itself crashes.
SERVER_SETTINGS = {"fsync": "off", "max_connections": "50"}


Outage = Literal["immediate", "fast", "frozen"]


def letters(number: int) -> str:
    """Candidate names take letters only: 407 -> "eah"."""
    return "".join("abcdefghij"[int(digit)] for digit in str(number))


@dataclass
class Write:
    kind: str  # "department" | "candidate"
    key: str  # the unique name that finds the row afterwards
    payload: dict[str, Any]
    status: int | None = None  # None: no HTTP answer (the app raised or hung)
    seconds: float = 0.0
    body: Any = None
    retry_after: str | None = None
    problem: str | None = None
    idempotency_key: str | None = None  # sent with every attempt; None: one attempt only
    attempts: int = 0
    replayed: bool = False  # the acknowledging answer repeated an earlier attempt's

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class Stack:
    server: EmbeddedPostgres
    url: str
    client: httpx.AsyncClient
    container: AsyncContainer
    tenant: Tenant
    tag: str = field(default_factory=lambda: letters(secrets.randbelow(10**9)))

    @property
    def headers(self) -> dict[str, str]:
        return self.tenant.admin.headers


async def timed(
    client: httpx.AsyncClient, method: str, path: str, **kwargs: Any
) -> tuple[httpx.Response | None, float, str | None]:
    """One request with its duration; a hang or an app exception becomes a reported problem."""
    started = time.monotonic()
    try:
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            response = await client.request(method, path, **kwargs)
    except TimeoutError:
        return None, time.monotonic() - started, f"no answer in {HANG_GUARD_SECONDS} s"
    except Exception as error:  # the ASGI transport re-raises what escapes the app
        return None, time.monotonic() - started, f"the app raised {error!r}"
    return response, time.monotonic() - started, None


def is_unavailable(response: httpx.Response) -> bool:
    if response.status_code != 503:
        return False
    body = response.json()
    return (
        body.get("error") == "service_unavailable"
        and bool(body.get("error_description"))
        and int(response.headers.get("retry-after", "0")) > 0
    )


class Writers:
    """Writer tasks creating departments and candidate cards in a loop, each write recorded."""

    def __init__(
        self, stack: Stack, departments: int = 3, candidates: int = 2, *, keyed: bool = False
    ) -> None:
        self._stack = stack
        self._keyed = keyed
        self._counts = {"department": departments, "candidate": candidates}
        self._numbers = iter(range(10**6))
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.writes: list[Write] = []
        self.in_flight = 0

    def acknowledged(self) -> int:
        return sum(write.acknowledged for write in self.writes)

    def _next(self, kind: str) -> Write:
        number = next(self._numbers)
        tag = self._stack.tag
        if kind == "department":
            key = f"outage {tag} {number}"
            return Write(kind, key, {"name": key}, idempotency_key=self._idempotency_key())
        key = f"Cand{letters(number)}"
        payload = {
            "first_name": key,
            "last_name": f"Outage{tag}",
            "min_salary": 1000 + number,
            "contacts": [
                {"type_code": EMAIL, "value": f"c{number}.{tag}@example.com", "is_priority": True},
                {"type_code": MOBILE, "value": f"+7916{number:07d}"},
            ],
            "work_places": [
                {
                    "position": "Developer",
                    "company": f"Acme {key}",
                    "work_from": "2015-01-01",
                    "work_to": "2018-12-31",
                },
                {"position": "Lead", "company": f"Initech {key}", "work_from": "2019-01-01"},
            ],
            "languages": [
                {"language_code": 1, "level_code": 4},
                {"language_code": 2, "level_code": 3},
            ],
            "skills": [{"name": f"skill {tag} {key}"}],
            "notes": [{"text": f"note of {key}"}],
        }
        return Write(kind, key, payload, idempotency_key=self._idempotency_key())

    def _idempotency_key(self) -> str | None:
        return f"outage-{secrets.token_hex(8)}" if self._keyed else None

    async def _send(self, write: Write) -> None:
        headers = dict(self._stack.headers)
        if write.idempotency_key is not None:
            headers["Idempotency-Key"] = write.idempotency_key
        write.attempts += 1
        self.in_flight += 1
        try:
            response, write.seconds, write.problem = await timed(
                self._stack.client,
                "POST",
                DEPARTMENTS if write.kind == "department" else CANDIDATES,
                json=write.payload,
                headers=headers,
            )
        finally:
            self.in_flight -= 1
        if response is not None:
            write.status = response.status_code
            write.body = response.json()
            write.retry_after = response.headers.get("retry-after")
            write.replayed = response.headers.get("idempotent-replayed") == "true"

    async def _run(self, kind: str) -> None:
        while not self._stop.is_set():
            write = self._next(kind)
            self.writes.append(write)
            await self._send(write)
            # A keyed client retries the same write, with its key, until it is answered.
            while self._keyed and not write.acknowledged and not self._stop.is_set():
                await asyncio.sleep(0.02)
                await self._send(write)
            if not write.acknowledged:
                await asyncio.sleep(0.02)  # a client backing off a little, not a busy loop

    async def settle(self) -> None:
        """Keyed writers finish the writes the stop interrupted: each is retried with its key
        until it is answered, as a client would once the service is back."""
        for write in self.writes:
            while write.idempotency_key is not None and not write.acknowledged:
                assert write.attempts < 100, (write.key, write.status, write.body)
                await self._send(write)

    def start(self) -> None:
        for kind, count in self._counts.items():
            self._tasks += [asyncio.create_task(self._run(kind)) for _ in range(count)]

    async def stop(self) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)

    async def until_acknowledged(self, count: int, within: float) -> None:
        deadline = time.monotonic() + within
        target = self.acknowledged() + count
        while self.acknowledged() < target:
            assert time.monotonic() < deadline, (
                f"fewer than {count} writes acknowledged in {within} s"
            )
            await asyncio.sleep(0.02)

    async def until_in_flight(self, within: float = 2.0) -> None:
        deadline = time.monotonic() + within
        while self.in_flight == 0:
            assert time.monotonic() < deadline, "no write in flight"
            await asyncio.sleep(0)


def freeze(server: EmbeddedPostgres) -> None:
    """SIGSTOP the postmaster, then its children: the server is there but never answers, like
    a database behind a dropped network link. New connections wait in the socket's backlog."""
    assert server.pid is not None
    postmaster = psutil.Process(server.pid)
    postmaster.suspend()
    for child in postmaster.children(recursive=True):
        child.suspend()


def thaw(server: EmbeddedPostgres) -> None:
    pid = server.pid
    if pid is None:
        return
    postmaster = psutil.Process(pid)
    for process in (*postmaster.children(recursive=True), postmaster):
        with contextlib.suppress(psutil.NoSuchProcess):
            process.resume()


async def cut(stack: Stack, how: Outage) -> None:
    if how == "frozen":
        freeze(stack.server)
    else:
        await asyncio.to_thread(stack.server.stop, how)
        assert not stack.server.is_running()


async def restore(stack: Stack, how: Outage) -> None:
    if how == "frozen":
        thaw(stack.server)
    else:  # the same data directory, so the same socket: the app's URL is right again
        assert await asyncio.to_thread(stack.server.start) == stack.url


@dataclass
class Infrastructure:
    server: EmbeddedPostgres
    url: str
    client: httpx.AsyncClient
    container: AsyncContainer


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def infrastructure() -> AsyncIterator[Infrastructure]:
    """Our own server (initdb once per module: it is the slow part), migrated, and the real app
    on it with a 2 s database timeout."""
    with scratch_directory("gefest-outage-") as root:
        server = EmbeddedPostgres(root / "postgres", server_settings=SERVER_SETTINGS)
        url = await asyncio.to_thread(server.start)
        try:
            await upgrade(url)
            app = create_app(api_settings(url, database_timeout_seconds=TIMEOUT_SECONDS))
            await start_app(app)
            container: AsyncContainer = app.state.dishka_container
            try:
                transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
                async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
                    yield Infrastructure(server, url, client, container)
            finally:
                await stop_app(app)
        finally:
            thaw(server)
            await asyncio.to_thread(server.stop)


@pytest_asyncio.fixture(loop_scope="session")
async def stack(infrastructure: Infrastructure) -> Stack:
    """The server up (whatever the previous test left) and a fresh tenant on it."""
    server = infrastructure.server
    thaw(server)
    if not server.is_running():
        await asyncio.to_thread(server.start)
    tenant = await make_tenant(infrastructure.container)
    return Stack(
        server, infrastructure.url, infrastructure.client, infrastructure.container, tenant
    )


async def assert_outage_answers(stack: Stack, known_department: dict[str, Any]) -> None:
    """What a client sees while the database is down, measured request by request."""
    probes: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", DEPARTMENTS, {"headers": stack.headers}),
        ("GET", f"{DEPARTMENTS}/{known_department['id']}", {"headers": stack.headers}),
        ("POST", DEPARTMENTS, {"headers": stack.headers, "json": {"name": f"probe {stack.tag}"}}),
        ("GET", f"{API}/users/current", {"headers": stack.headers}),
    ]
    deadline = time.monotonic() + OUTAGE_SECONDS
    rounds = 0
    while rounds == 0 or time.monotonic() < deadline:
        rounds += 1
        answers = await asyncio.gather(
            *(timed(stack.client, method, path, **kwargs) for method, path, kwargs in probes),
            timed(stack.client, "GET", "/ready"),
            timed(stack.client, "GET", "/health"),
        )
        report = [
            (method, path, r and r.status_code, round(seconds, 2), problem)
            for (method, path, _), (r, seconds, problem) in zip(
                [*probes, ("GET", "/ready", {}), ("GET", "/health", {})], answers, strict=True
            )
        ]
        assert all(problem is None for *_, problem in report), report
        assert all(seconds < BOUND_SECONDS for *_, seconds, _ in report), report
        *refused, (ready, _, _), (health, health_seconds, _) = answers
        assert all(r is not None and is_unavailable(r) for r, _, _ in refused), report
        assert ready is not None and is_unavailable(ready), report
        assert ready.json()["error_description"] == "database unreachable"
        assert health is not None and (health.status_code, health.json()) == (200, {"status": "ok"})
        assert health_seconds < 1.0, report
        await asyncio.sleep(0.1)


async def wait_until_serving(stack: Stack) -> float:
    """Poll (bounded) until a request succeeds; every answer until then is a prompt 503."""
    started = time.monotonic()
    while True:
        response, seconds, problem = await timed(
            stack.client, "GET", DEPARTMENTS, headers=stack.headers
        )
        assert problem is None and response is not None, problem
        assert seconds < BOUND_SECONDS, seconds
        if response.status_code == 200:
            return time.monotonic() - started
        assert is_unavailable(response), (response.status_code, response.text)
        assert time.monotonic() - started < RECOVERY_SECONDS, "the app did not recover"
        await asyncio.sleep(0.05)


async def listed(stack: Stack, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        response = await stack.client.get(
            path, params={**params, "limit": 200, "offset": len(items)}, headers=stack.headers
        )
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        if len(items) >= page["count"] or not page["items"]:
            assert len(items) == page["count"]
            return items


def card_projection(card: dict[str, Any]) -> dict[str, Any]:
    """A stored card in the shape of the payload that created it."""
    return {
        "first_name": card["first_name"],
        "last_name": card["last_name"],
        "min_salary": card["min_salary"],
        "contacts": [
            {"type_code": c["type"]["code"], "value": c["value"], "is_priority": c["is_priority"]}
            for c in card["contacts"]
        ],
        "work_places": [
            {k: w[k] for k in ("position", "company", "work_from", "work_to") if w[k] is not None}
            for w in card["work_places"]
        ],
        "languages": [
            {"language_code": x["language"]["code"], "level_code": x["level"]["code"]}
            for x in card["languages"]
        ],
        "skills": [{"name": s["name"]} for s in card["skills"]],
        "notes": [{"text": n["text"]} for n in card["notes"]],
    }


def expected_projection(payload: dict[str, Any]) -> dict[str, Any]:
    contacts = [dict(c) for c in payload["contacts"]]
    for contact in contacts:
        contact.setdefault("is_priority", False)
    return {**payload, "contacts": contacts}


async def skill_names(stack: Stack) -> set[str]:
    engine = create_async_engine(stack.url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(tables.skills.c.name).where(
                    tables.skills.c.company_id == stack.tenant.company_id
                )
            )
            return {name for (name,) in rows}
    finally:
        await engine.dispose()


async def assert_writes_consistent(stack: Stack, writes: list[Write]) -> dict[str, int]:
    """Acknowledged writes are all there, as acknowledged; refused ones are whole or absent."""
    problems = [(w.kind, w.key, w.problem) for w in writes if w.problem is not None]
    assert not problems, problems
    slow = [
        (w.kind, w.key, w.status, round(w.seconds, 2)) for w in writes if w.seconds >= BOUND_SECONDS
    ]
    assert not slow, slow
    odd = [
        (w.kind, w.key, w.status, w.body)
        for w in writes
        if not w.acknowledged
        and not (
            w.status == 503
            and w.body["error"] == "service_unavailable"
            and w.retry_after is not None
        )
    ]
    assert not odd, f"errors other than 503 service_unavailable + Retry-After: {odd}"

    department_rows = await listed(stack, DEPARTMENTS, q=f"outage {stack.tag}")
    candidate_rows = await listed(stack, CANDIDATES, last_name=f"Outage{stack.tag}")
    departments = {d["name"]: d for d in department_rows}
    candidates = {c["first_name"]: c for c in candidate_rows}
    stored = {"department": departments, "candidate": candidates}
    duplicated = len(department_rows) + len(candidate_rows) - len(departments) - len(candidates)
    skills = await skill_names(stack)
    attempted = {(w.kind, w.key) for w in writes}
    strays = [
        (kind, key) for kind, rows in stored.items() for key in rows if (kind, key) not in attempted
    ]
    assert not strays, strays

    ambiguous = 0
    for write in writes:
        row = stored[write.kind].get(write.key)
        if write.acknowledged:
            assert row is not None, f"acknowledged {write.kind} {write.key} is lost"
            one = await stack.client.get(
                f"{DEPARTMENTS if write.kind == 'department' else CANDIDATES}/{write.body['id']}",
                headers=stack.headers,
            )
            assert one.status_code == 200, one.text
            assert one.json() == write.body == row
        elif row is not None:
            ambiguous += 1  # committed, but the answer died with the connection
        if write.kind == "candidate":
            skill = write.payload["skills"][0]["name"]
            if row is None:
                assert skill not in skills, (
                    f"{write.key}: its new skill outlived the rolled-back card"
                )
            else:
                assert card_projection(row) == expected_projection(write.payload), write.key
                assert skill in skills, write.key
    return {
        "writes": len(writes),
        "acknowledged": sum(w.acknowledged for w in writes),
        "refused": sum(not w.acknowledged for w in writes),
        "ambiguous": ambiguous,
        "duplicated": duplicated,
        "retried": sum(w.attempts > 1 for w in writes),
        "replayed": sum(w.replayed for w in writes),
        "slowest_seconds": round(max(w.seconds for w in writes), 2),
    }


async def outage_with_writers(stack: Stack, how: Outage, *, keyed: bool = False) -> dict[str, Any]:
    known = await stack.client.post(
        DEPARTMENTS, json={"name": f"known {stack.tag}"}, headers=stack.headers
    )
    assert known.status_code == 201, known.text
    writers = Writers(stack, keyed=keyed)
    writers.start()
    try:
        await writers.until_acknowledged(WRITES_PER_PHASE, within=10)
        await writers.until_in_flight()
        stopped = time.monotonic()
        await cut(stack, how)
        stop_seconds = time.monotonic() - stopped
        try:
            await assert_outage_answers(stack, known.json())
        finally:
            await restore(stack, how)
        recovery_seconds = await wait_until_serving(stack)
        await writers.until_acknowledged(WRITES_PER_PHASE, within=10)
    finally:
        await writers.stop()
    ready = await stack.client.get("/ready")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})
    await writers.settle()
    summary = await assert_writes_consistent(stack, writers.writes)
    assert summary["duplicated"] == 0, summary
    if keyed:
        assert summary["refused"] == summary["ambiguous"] == 0, summary
        assert summary["retried"] > 0, "no write was retried: the outage did not happen"
    else:
        assert summary["refused"] > 0, "the outage refused no write: it did not happen"
    return {**summary, "stop_seconds": stop_seconds, "recovery_seconds": recovery_seconds}


async def test_a_restart_while_idle_is_invisible_to_the_next_requests(stack: Stack):
    """The pool holds connections to the old server; the first requests after the restart must
    not be the ones to find out they are dead (the pool pings a connection before lending it)."""

    async def burst() -> list[int]:
        responses = await asyncio.gather(
            *(stack.client.get(DEPARTMENTS, headers=stack.headers) for _ in range(POOLED))
        )
        return [r.status_code for r in responses]

    assert await burst() == [200] * POOLED
    engine = await stack.container.get(AsyncEngine)
    assert engine.pool.checkedin() >= 2, engine.pool.status()
    await asyncio.to_thread(stack.server.stop, "fast")
    assert await asyncio.to_thread(stack.server.start) == stack.url
    assert await burst() == [200] * POOLED
    ready = await stack.client.get("/ready")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


async def test_a_frozen_database_means_503s_within_the_bound_then_recovery(stack: Stack):
    summary = await outage_with_writers(stack, "frozen")
    print("frozen:", summary)


async def test_a_crashed_database_means_prompt_503s_then_recovery_without_losing_writes(
    stack: Stack,
):
    summary = await outage_with_writers(stack, "immediate")
    print("immediate:", summary)


async def test_a_database_shut_down_cleanly_means_prompt_503s_then_recovery(stack: Stack):
    summary = await outage_with_writers(stack, "fast")
    print("fast:", summary)


async def test_writers_retrying_with_keys_through_a_crash_lose_nothing_and_duplicate_nothing(
    stack: Stack,
):
    """The client the README describes: every write sent with a key and retried with it on 503
    or no answer. Afterwards every write is there exactly once: an attempt whose commit outlived
    its answer is replayed to the retry, not done again."""
    summary = await outage_with_writers(stack, "immediate", keyed=True)
    print("immediate, keyed:", summary)


# What asyncpg and SQLAlchemy really raise when the server goes away (the outage tests above
# met most of these: a missing socket, a reset or broken connection, "shutting down",
# "starting up", "not yet accepting connections", a connect or statement timeout).


def _wrapped(cause: BaseException, **kwargs: Any) -> sa_exc.DBAPIError:
    """As SQLAlchemy's asyncpg dialect raises it: the DBAPI-style error caused by asyncpg's."""
    orig = Exception(str(cause))
    orig.__cause__ = cause
    return sa_exc.DBAPIError("SELECT 1", None, orig, **kwargs)  # type: ignore[arg-type]


_LOST = [
    FileNotFoundError(2, "No such file or directory"),  # the Unix socket is gone
    # A statement sent by asyncpg itself on a connection a dying server left mid-exchange.
    asyncpg.exceptions.InternalClientError(
        "cannot switch to state 12; another operation (2) is in progress"
    ),
    ConnectionRefusedError(111, "Connection refused"),
    ConnectionResetError(104, "Connection reset by peer"),
    BrokenPipeError(32, "Broken pipe"),
    TimeoutError(),  # connect timeout, command_timeout
    sa_exc.TimeoutError("QueuePool limit of size 10 overflow 10 reached"),
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of op"),
    asyncpg.exceptions.InterfaceError("cannot call Connection.fetch(): connection is closed"),
    asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
    _wrapped(asyncpg.exceptions.CannotConnectNowError("the database system is starting up")),
    _wrapped(asyncpg.exceptions.CannotConnectNowError("the database system is shutting down")),
    _wrapped(asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed")),
    _wrapped(asyncpg.exceptions.AdminShutdownError("terminating connection")),
    _wrapped(asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already")),
    _wrapped(asyncpg.exceptions.QueryCanceledError("canceling statement due to timeout")),
    _wrapped(asyncpg.exceptions.LockNotAvailableError("canceling statement due to lock timeout")),
    _wrapped(ValueError("anything"), connection_invalidated=True),
    sa_exc.InterfaceError("SELECT 1", None, Exception("connection is closed")),  # type: ignore[arg-type]
    sa_exc.OperationalError("SELECT 1", None, Exception("server closed the connection")),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("error", _LOST, ids=lambda e: f"{type(e).__name__}:{str(e)[:40]}")
def test_every_way_of_losing_the_database_is_service_unavailable(error: Exception):
    assert isinstance(translate(error), ServiceUnavailable)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("a bug of ours"),
        asyncpg.exceptions.InterfaceError(
            "cannot perform operation: another operation is in progress"
        ),
        asyncpg.exceptions.UndefinedColumnError("column x does not exist"),
        _wrapped(asyncpg.exceptions.UndefinedColumnError("column x does not exist")),
    ],
    ids=lambda e: type(e).__name__,
)
def test_bugs_are_not_disguised_as_outages(error: Exception):
    assert translate(error) is None
