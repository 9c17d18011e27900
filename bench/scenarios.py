"""The measured requests: what each scenario sends, built from ids found in the demo data.

Reads rotate over many ids and filter values, so no single cached row or plan flatters them.
Writes are real: `create` adds candidates, `patch` changes salaries of candidates each user owns
alone, `stage move` walks interviews each user owns alone through the stages (the new stage is
always the next one, never the current one). The `keyed` writes are the same with a fresh
`Idempotency-Key` each (the cost of remembering the answer); `replayed create` sends one
create per user again and again with the same key (every answer but the first is a replay)."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode

import asyncpg
import msgspec

from adapters.system import Uuid7Generator
from bench.http import Request, Response
from entrypoints.demo import vocabulary as words
from entrypoints.demo.loader import asyncpg_dsn, demo_company_id

API = "/api/v1"
SURNAME_FRAGMENTS = ("иванов", "petr", "кузнец", "smith", "соколов", "garcia")


@dataclass
class Fixture:
    company_id: str
    candidate_ids: list[str]
    positions: list[str]  # the most common positions of candidates
    position_ids: list[str]
    grade_ids: list[str]
    skill_pairs: list[tuple[str, str]]  # pairs of the most common skills
    skill_ids: list[str]
    vacancy_ids: list[str]  # vacancies with interviews
    interviews: list[tuple[str, int]]  # (id, stage code)
    history_ids: list[str]  # candidates with HISTORY_EVENTS events each
    extra: dict[str, object] = field(default_factory=dict)


async def load_fixture(url: str) -> Fixture:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        company = await demo_company_id(connection)

        async def ids(sql: str) -> list[str]:
            return [str(r[0]) for r in await connection.fetch(sql, company)]

        top_skills = await ids(
            "SELECT skill_id FROM candidate_skills WHERE company_id = $1 "
            "GROUP BY skill_id ORDER BY count(*) DESC, skill_id LIMIT 12"
        )
        interviews = await connection.fetch(
            "SELECT id, stage_code FROM interviews WHERE company_id = $1 AND deleted_at IS NULL "
            "ORDER BY md5(id::text) LIMIT 6400",
            company,
        )
        return Fixture(
            company_id=str(company),
            candidate_ids=await ids(
                "SELECT id FROM candidates WHERE company_id = $1 AND deleted_at IS NULL "
                "ORDER BY md5(id::text) LIMIT 8000"
            ),
            positions=await ids(
                "SELECT position_id FROM candidates WHERE company_id = $1 AND deleted_at IS NULL "
                "GROUP BY position_id ORDER BY count(*) DESC, position_id LIMIT 3"
            ),
            position_ids=await ids("SELECT id FROM positions WHERE company_id = $1 ORDER BY id"),
            grade_ids=await ids("SELECT id FROM grades WHERE company_id = $1 ORDER BY id"),
            skill_pairs=[(a, b) for i, a in enumerate(top_skills) for b in top_skills[i + 1 :]],
            skill_ids=await ids("SELECT id FROM skills WHERE company_id = $1 ORDER BY id"),
            vacancy_ids=await ids(
                "SELECT vacancy_id FROM interviews WHERE company_id = $1 AND deleted_at IS NULL "
                "GROUP BY vacancy_id HAVING count(*) >= 50 ORDER BY md5(vacancy_id::text) LIMIT 500"
            ),
            interviews=[(str(r["id"]), r["stage_code"]) for r in interviews],
            history_ids=await _ensure_histories(connection, company),
        )
    finally:
        await connection.close()


HISTORY_CANDIDATES, HISTORY_EVENTS = 20, 1000


async def _ensure_histories(connection: asyncpg.Connection, company: object) -> list[str]:
    """Candidates with a long history (an edit a day for years), made once per database."""
    rows = await connection.fetch(
        "SELECT entity_id FROM events WHERE company_id = $1 AND entity_type = 'candidate' "
        "GROUP BY entity_id HAVING count(*) >= $2 ORDER BY entity_id LIMIT $3",
        company,
        HISTORY_EVENTS,
        HISTORY_CANDIDATES,
    )
    if len(rows) == HISTORY_CANDIDATES:
        return [str(row[0]) for row in rows]
    candidates = await connection.fetch(
        "SELECT id FROM candidates WHERE company_id = $1 AND deleted_at IS NULL "
        "ORDER BY md5(id::text) DESC LIMIT $2",
        company,
        HISTORY_CANDIDATES,
    )
    actor = await connection.fetchval(
        "SELECT id FROM users WHERE company_id = $1 ORDER BY created_at LIMIT 1", company
    )
    ids, start = Uuid7Generator(), datetime.now(UTC) - timedelta(days=HISTORY_EVENTS)
    records = []
    for (candidate_id,) in candidates:
        for n in range(HISTORY_EVENTS):
            event_id, moment = ids.new_id(), start + timedelta(days=n)
            body = {
                "id": event_id,
                "company_id": company,
                "type": "candidate.updated",
                "entity": {"type": "candidate", "id": candidate_id},
                "occurred_at": moment,
                "changes": [{"field": "min_salary", "old": 100_000 + n, "new": 100_001 + n}],
            }
            records.append(
                (
                    event_id,
                    company,
                    "candidate.updated",
                    "candidate",
                    candidate_id,
                    actor,
                    moment,
                    msgspec.json.encode(body).decode(),
                )
            )
    await connection.copy_records_to_table(
        "events",
        records=records,
        columns=(
            "id",
            "company_id",
            "type",
            "entity_type",
            "entity_id",
            "actor_id",
            "occurred_at",
            "body",
        ),
    )
    return [str(row[0]) for row in candidates]


@dataclass
class Scenario:
    name: str
    issue: int
    target_rps: float | None
    next_request: Callable[[int, int], Request]
    on_response: Callable[[int, Request, Response], None] | None = None
    note: str = ""


def _get(path: str, **query: object) -> Request:
    pairs = [
        (k, v)
        for k, value in query.items()
        for v in (value if isinstance(value, list | tuple) else [value])
    ]
    return (
        "GET",
        f"{API}{path}?{urlencode(pairs, quote_via=quote)}" if pairs else f"{API}{path}",
        None,
    )


def _pick(items: list, worker: int, sequence: int):
    return items[(worker * 7919 + sequence * 104729) % len(items)]


def _own(items: list, worker: int, workers: int) -> list:
    """The share of `items` only this worker uses (no two users edit the same row)."""
    return items[worker::workers]


def scenarios(fixture: Fixture, concurrency: int) -> list[Scenario]:
    f = fixture
    pages = [0, 50, 100, 150, 200, 250, 300, 350, 400, 450]

    def card(w: int, s: int) -> Request:
        return _get(f"/candidates/{_pick(f.candidate_ids, w, s)}")

    def page(w: int, s: int) -> Request:
        return _get("/candidates", limit=50, offset=_pick(pages, w, s))

    def filtered(w: int, s: int) -> Request:
        return _get(
            "/candidates",
            position_id=_pick(f.positions, w, s),
            salary_from=100000,
            salary_to=300000,
            limit=50,
        )

    def search(w: int, s: int) -> Request:
        return _get("/candidates", q=_pick(list(SURNAME_FRAGMENTS), w, s), limit=50)

    def skills(w: int, s: int) -> Request:
        return _get("/candidates", skill_id=list(_pick(f.skill_pairs, w, s)), limit=50)

    def create(w: int, s: int) -> Request:
        return ("POST", f"{API}/candidates", msgspec.json.encode(_new_candidate(f, w, s)))

    patch_pools = [_own(f.candidate_ids, w, concurrency) for w in range(concurrency)]

    def patch(w: int, s: int) -> Request:
        pool = patch_pools[w]
        body = {"min_salary": 100_000 + (s % 400) * 1000, "family_status_code": s % 4 + 1}
        return ("PATCH", f"{API}/candidates/{pool[s % len(pool)]}", msgspec.json.encode(body))

    def vacancies(w: int, s: int) -> Request:
        return _get(
            "/vacancies",
            status_code=_pick([1, 2, 3], w, s),
            salary_from=100000,
            salary_to=250000,
            limit=50,
        )

    def interviews(w: int, s: int) -> Request:
        return _get("/interviews", vacancy_id=_pick(f.vacancy_ids, w, s), limit=50)

    move_pools = [[list(i) for i in _own(f.interviews, w, concurrency)] for w in range(concurrency)]

    def move(w: int, s: int) -> Request:
        interview_id, stage = move_pools[w][s % len(move_pools[w])]
        body = {"new_stage_code": stage % 10 + 1, "note": f"bench move {s}"}
        return ("POST", f"{API}/interviews/{interview_id}/stage-results", msgspec.json.encode(body))

    def moved(w: int, request: Request, response: Response) -> None:
        if response.status == 201:
            interview_id = request[1].split("/")[-2]
            new_stage = msgspec.json.decode(request[2] or b"{}")["new_stage_code"]
            for item in move_pools[w]:
                if item[0] == interview_id:
                    item[1] = new_stage

    run = secrets.token_hex(4)  # answers live 24 h on a reused database: keys of this run only

    def key(name: str, w: int, s: int) -> bytes:
        return f"Idempotency-Key: bench-{run}-{name}-{w}-{s}\r\n".encode()

    fresh = itertools.count()  # a scenario runs again in each round (--rounds): never a key twice

    def create_keyed(w: int, s: int) -> Request:
        return (*create(w, s), key("create", w, next(fresh)))

    def move_keyed(w: int, s: int) -> Request:
        return (*move(w, s), key("move", w, next(fresh)))

    replayed_bodies = [msgspec.json.encode(_new_candidate(f, w, 10**6)) for w in range(concurrency)]

    def replayed_create(w: int, s: int) -> Request:
        return ("POST", f"{API}/candidates", replayed_bodies[w], key("replay", w, 0))

    def history(w: int, s: int) -> Request:
        return _get(f"/candidates/{_pick(f.history_ids, w, s)}/history", limit=50)

    def legacy_card(w: int, s: int) -> Request:
        return ("GET", f"/legacy{API}/candidates/{_pick(f.candidate_ids, w, s)}", None)

    def legacy_page(w: int, s: int) -> Request:
        offset = _pick(pages, w, s)
        return ("GET", f"/legacy{API}/candidates?limit=50&offset={offset}", None)

    return [
        Scenario("card by id", 4, 1000, card),
        Scenario("list page of 50", 4, 150, page, note="offsets 0-450, default sort"),
        Scenario("list position+salary", 4, None, filtered),
        Scenario("list q surname", 4, 100, search, note=", ".join(SURNAME_FRAGMENTS)),
        Scenario("list two skills", 4, None, skills),
        Scenario("create candidate", 4, 150, create),
        Scenario("patch candidate", 4, None, patch),
        Scenario("vacancy list filtered", 5, 200, vacancies, note="status + salary overlap"),
        Scenario("interview list of vacancy", 5, 300, interviews),
        Scenario("stage move", 5, 300, move, moved),
        Scenario("create candidate keyed", 19, 150, create_keyed, note="a fresh key each"),
        Scenario("stage move keyed", 19, 300, move_keyed, moved, note="a fresh key each"),
        Scenario("replayed create", 19, 1000, replayed_create, note="one key per user, sent again"),
        Scenario("legacy card by id", 21, 800, legacy_card, note="the old card shape"),
        Scenario(
            "candidate history",
            12,
            500,
            history,
            note=f"pages of 50 of {HISTORY_EVENTS} events, {HISTORY_CANDIDATES} candidates",
        ),
        Scenario("legacy list page of 50", 21, 120, legacy_page, note="offsets 0-450"),
    ]


def _new_candidate(f: Fixture, worker: int, sequence: int) -> dict[str, object]:
    n = worker * 1_000_003 + sequence
    first = words.RU_MALE_FIRST[n % len(words.RU_MALE_FIRST)]
    last = words.RU_LAST[(n // 7) % len(words.RU_LAST)]
    today = date.today()
    return {
        "first_name": first,
        "last_name": last,
        "middle_name": words.RU_MALE_MIDDLE[n % len(words.RU_MALE_MIDDLE)],
        "birth_date": (today - timedelta(days=9000 + n % 5000)).isoformat(),
        "min_salary": 90_000 + (n % 300) * 1000,
        "position_id": f.position_ids[n % len(f.position_ids)],
        "grade_id": f.grade_ids[n % len(f.grade_ids)],
        "contacts": [
            {"type_code": 1, "value": f"+7916{n % 10_000_000:07d}", "is_priority": True},
            {"type_code": 3, "value": f"bench.{worker}.{sequence}@example.com"},
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
        "notes": [{"text": "Добавлен нагрузочным тестом."}],
    }
