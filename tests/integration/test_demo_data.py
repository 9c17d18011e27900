"""The demo data (entrypoints/demo and `gefest demo-data`) on real PostgreSQL.

Two loads of the same seed: one into a fresh database (indexes and keys rebuilt after the COPY),
one into a database where another company already has a candidate (nothing dropped). Their demo
rows must be identical, and the fast path must leave the schema exactly as migrated."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import httpx
import pytest
import pytest_asyncio
from sqlalchemy import Text, cast, func, or_, select, text
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.postgres.candidate_children import COMPANY, STORED, built_children
from adapters.postgres.candidate_search import refresh_search_text
from adapters.postgres.embedded import EmbeddedPostgres
from adapters.postgres.migrator import upgrade
from adapters.postgres.session import PgSession
from adapters.postgres.tables import candidate_cards, candidates
from adapters.postgres.vacancy_search import refresh_vacancy_search_text
from domain.identity.permissions import Action, Resource, is_allowed
from domain.identity.role import Role
from entrypoints.bootstrap import BOOTSTRAP_COMPANY, bootstrap
from entrypoints.cli.main import main
from entrypoints.demo.dataset import COLUMNS, DEMO_OGRN, DEMO_PASSWORD, DEMO_USERS
from entrypoints.demo.loader import AlreadyLoaded, LoadSummary, asyncpg_dsn, load_demo_data
from entrypoints.http.app import create_app
from tests.api.conftest import BASE_URL, api_settings
from tests.support.embedded import scratch_directory
from tests.support.http import assert_error
from tests.support.lifespan import start_app, stop_app
from tests.support.tenants import valid_ogrn

SEED = 7
CANDIDATES = 200
DEMO_TABLES = ("companies", *COLUMNS)


@dataclass(frozen=True)
class Loaded:
    url: str
    summary: LoadSummary
    fingerprints: dict[str, str]  # taken right after the load, before any test logs in
    counts: dict[str, int]


async def _query(url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return await connection.fetch(sql, *args)
    finally:
        await connection.close()


def _demo_rows(table: str) -> str:
    """The demo company's rows of `table` (the aliased row is `t`)."""
    if table == "companies":
        return "FROM companies t WHERE t.ogrn = $1"
    return f"FROM {table} t WHERE t.company_id = (SELECT id FROM companies WHERE ogrn = $1)"


async def _fingerprints(url: str) -> dict[str, str]:
    """md5 of every demo row of every demo table, in a fixed order; the salted hash left out."""
    result = {}
    for table in DEMO_TABLES:
        row = "(to_jsonb(t) - 'password_hash')::text"
        [record] = await _query(
            url,
            f"SELECT count(*) AS n, md5(string_agg({row}, '|' ORDER BY {row})) AS md5 "
            f"{_demo_rows(table)}",
            DEMO_OGRN,
        )
        result[table] = f"{record['n']}:{record['md5']}"
    return result


async def _counts(url: str) -> dict[str, int]:
    return {
        table: (await _query(url, f"SELECT count(*) AS n FROM {table}"))[0]["n"]
        for table in DEMO_TABLES
    }


async def _schema(url: str) -> set[tuple[str, ...]]:
    indexes = await _query(
        url, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
    )
    constraints = await _query(
        url,
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace",
    )
    return {tuple(r) for r in (*indexes, *constraints)}


async def _add_other_company_with_a_candidate(url: str) -> None:
    company_id, user_id = uuid4(), uuid4()
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute(
            "INSERT INTO companies (id, full_name, short_name, ogrn) VALUES ($1, 'Other', 'O', $2)",
            company_id,
            valid_ogrn(),
        )
        await connection.execute(
            "INSERT INTO users (id, company_id, username, password_hash, role_code, first_name, "
            "last_name, email) VALUES ($1, $2, $3, 'x', 1, 'A', 'B', 'a@example.com')",
            user_id,
            company_id,
            f"other.{user_id.hex[:8]}",
        )
        await connection.execute(
            "INSERT INTO candidates (id, company_id, first_name, last_name, created_by) "
            "VALUES ($1, $2, 'Иван', 'Иванов', $3)",
            uuid4(),
            company_id,
            user_id,
        )
    finally:
        await connection.close()


async def _load(
    create_database: Callable[[], Awaitable[str]], before: Callable[[str], Awaitable[None]] | None
) -> Loaded:
    url = await create_database()
    await upgrade(url)
    if before is not None:
        await before(url)
    summary = await load_demo_data(url, seed=SEED, candidates=CANDIDATES, stream=None)
    return Loaded(url, summary, await _fingerprints(url), await _counts(url))


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def fresh(create_database: Callable[[], Awaitable[str]]) -> Loaded:
    """Loaded into a freshly migrated database: the fast path."""
    return await _load(create_database, None)


async def _bootstrap_then_other_company(url: str) -> None:
    """What `gefest run` creates first (its company and `admin`), and another company's data."""
    assert await bootstrap(api_settings(url)) is True
    await _add_other_company_with_a_candidate(url)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def shared(create_database: Callable[[], Awaitable[str]]) -> Loaded:
    """Loaded after `gefest run`'s first company and next to another company's candidate:
    nothing may be dropped, and neither company is taken for the demo one."""
    return await _load(create_database, _bootstrap_then_other_company)


# --- determinism, idempotency, the schema -------------------------------------------------------


async def test_the_same_seed_gives_the_same_rows_in_every_demo_table(fresh, shared):
    assert fresh.summary.rebuilt_indexes and not shared.summary.rebuilt_indexes
    assert fresh.fingerprints == shared.fingerprints
    assert fresh.summary.rows == shared.summary.rows
    assert fresh.summary.rows["candidates"] == CANDIDATES
    assert fresh.summary.rows["interviews"] > CANDIDATES  # ~2 per candidate, pairs unique
    assert all(fingerprint.split(":")[0] != "0" for fingerprint in fresh.fingerprints.values())


async def test_the_demo_company_is_not_the_one_gefest_run_bootstraps(shared):
    companies = await _query(shared.url, "SELECT ogrn FROM companies ORDER BY ogrn")
    assert BOOTSTRAP_COMPANY["ogrn"] in {r["ogrn"] for r in companies}
    assert BOOTSTRAP_COMPANY["ogrn"] != DEMO_OGRN and len(companies) == 3
    admins = await _query(shared.url, "SELECT username FROM users WHERE role_code = 1")
    assert {"admin", "demo.admin"} <= {r["username"] for r in admins}


async def test_another_seed_gives_other_rows(fresh, create_database):
    url = await create_database()
    await upgrade(url)
    summary = await load_demo_data(url, seed=SEED + 1, candidates=20, stream=None)

    assert summary.company_id != fresh.summary.company_id
    ids = "SELECT id FROM candidates"
    assert {r["id"] for r in await _query(url, ids)}.isdisjoint(
        {r["id"] for r in await _query(fresh.url, ids)}
    )


async def test_a_second_load_is_refused_and_adds_nothing(fresh):
    with pytest.raises(AlreadyLoaded):
        await load_demo_data(fresh.url, seed=SEED, candidates=CANDIDATES, stream=None)
    with pytest.raises(AlreadyLoaded):  # whatever the seed: there is one demo company
        await load_demo_data(fresh.url, seed=SEED + 1, candidates=10, stream=None)

    assert await _counts(fresh.url) == fresh.counts


async def test_rebuilding_the_indexes_leaves_the_schema_as_migrated(fresh, shared):
    assert await _schema(fresh.url) == await _schema(shared.url)


COUNTED = (
    "SELECT c.id, (SELECT count(*) FROM candidates x WHERE x.company_id = c.id "
    "AND x.deleted_at IS NULL) AS live, (SELECT sum(n.live) FROM candidate_counts n "
    "WHERE n.company_id = c.id) AS counted FROM companies c"
)
TRIGGERS = (
    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'candidates'::regclass AND NOT tgisinternal"
)


async def test_the_live_candidate_counter_matches_the_loaded_rows(fresh, shared):
    """The COPY fired the counter's triggers on both paths; the fast one dropped none of them."""
    for loaded, companies in ((fresh, 1), (shared, 3)):
        rows = await _query(loaded.url, COUNTED)
        assert len(rows) == companies
        assert all((r["counted"] or 0) == r["live"] for r in rows), rows
        assert sum(r["live"] for r in rows) == loaded.counts["candidates"]
        assert {r["tgname"] for r in await _query(loaded.url, TRIGGERS)} == {
            f"candidates_count_{event}" for event in ("insert", "update", "delete", "truncate")
        }


def _stale_card_lists() -> str:
    """Candidates of a company ($1) whose stored card lists are missing or differ from a build."""
    lists = built_children(candidates.c.id)
    joined = candidates.outerjoin(
        candidate_cards,
        (candidate_cards.c.company_id == candidates.c.company_id)
        & (candidate_cards.c.candidate_id == candidates.c.id),
    )
    differs = [cast(candidate_cards.c[n], Text) != cast(lists[n], Text) for n in STORED]
    query = (
        select(func.count())
        .select_from(joined)
        .where(
            candidates.c.company_id == COMPANY,
            or_(candidate_cards.c.candidate_id.is_(None), *differs),
        )
    )
    return str(query.compile(dialect=asyncpg_dialect()))


async def test_every_loaded_candidate_has_its_card_lists_stored(fresh, shared):
    """COPY bypasses the repository; the loader builds the stored lists of its company after."""
    for loaded in (fresh, shared):
        (company,) = await _query(loaded.url, "SELECT id FROM companies WHERE ogrn = $1", DEMO_OGRN)
        (stale,) = await _query(loaded.url, _stale_card_lists(), company["id"])
        assert stale[0] == 0
        (stored,) = await _query(
            loaded.url, "SELECT count(*) FROM candidate_cards WHERE company_id = $1", company["id"]
        )
        assert stored[0] == loaded.summary.rows["candidates"]


# --- the rows make sense --------------------------------------------------------------------------


SEARCH_TEXTS = (
    "SELECT 'c' AS tbl, id, search_text FROM candidates "
    "UNION ALL SELECT 'v', id, search_text FROM vacancies"
)


async def test_search_text_is_what_the_write_side_computes(fresh):
    """The loader writes `search_text` itself; the repositories' SQL must agree, word for word
    (the order of child rows inside string_agg is not defined, so words are compared as bags)."""
    before = {(r["tbl"], r["id"]): r["search_text"] for r in await _query(fresh.url, SEARCH_TEXTS)}
    company_id = UUID(fresh.summary.company_id)
    engine = create_async_engine(fresh.url)
    session = PgSession(engine)
    try:
        await refresh_search_text(session, company_id, [i for t, i in before if t == "c"])
        await refresh_vacancy_search_text(session, company_id, [i for t, i in before if t == "v"])
        rows = (await session.execute(text(SEARCH_TEXTS))).all()
        recomputed = {(r.tbl, r.id): r.search_text for r in rows}
    finally:
        await session.close()  # rolls back: the database keeps the loader's text
        await engine.dispose()

    assert recomputed.keys() == before.keys()
    differing = [
        key for key in before if Counter(before[key].split()) != Counter(recomputed[key].split())
    ]
    assert differing == []
    assert not any("ё" in words for words in before.values())


async def test_every_vacancy_status_and_priority_and_interview_stage_is_present(fresh):
    async def codes(sql: str) -> set[int]:
        return {r[0] for r in await _query(fresh.url, sql)}

    assert await codes("SELECT DISTINCT status_code FROM vacancies") == await codes(
        "SELECT code FROM ref_vacancy_statuses"
    )
    assert await codes("SELECT DISTINCT priority_code FROM vacancies") == await codes(
        "SELECT code FROM ref_vacancy_priorities"
    )
    assert await codes("SELECT DISTINCT stage_code FROM interviews") == await codes(
        "SELECT code FROM ref_interview_stages"
    )


async def test_each_stage_history_is_a_clean_chain_ending_at_the_interview_stage(fresh):
    interviews = {
        r["id"]: r
        for r in await _query(
            fresh.url, "SELECT id, stage_code, created_at, stage_entered_at FROM interviews"
        )
    }
    history: dict[UUID, list[asyncpg.Record]] = {i: [] for i in interviews}
    for result in await _query(
        fresh.url,
        "SELECT interview_id, old_stage_code, new_stage_code, seconds_in_old_stage, created_at "
        "FROM interview_stage_results ORDER BY interview_id, created_at, id",
    ):
        history[result["interview_id"]].append(result)

    for interview_id, interview in interviews.items():
        stage, since = 1, interview["created_at"]
        for result in history[interview_id]:
            assert result["old_stage_code"] == stage, interview_id
            assert result["new_stage_code"] != stage
            assert result["seconds_in_old_stage"] == (result["created_at"] - since).total_seconds()
            stage, since = result["new_stage_code"], result["created_at"]
        assert stage == interview["stage_code"], interview_id
        assert interview["stage_entered_at"] == since
    assert sum(len(h) for h in history.values()) == fresh.summary.rows["interview_stage_results"]


async def test_candidates_have_the_children_the_issue_asks_for(fresh):
    [r] = await _query(
        fresh.url,
        "SELECT min(n_contacts) AS c0, max(n_contacts) AS c1, min(n_skills) AS s0, "
        "max(n_skills) AS s1, max(n_work) AS w1, max(n_lang) AS l1, "
        "count(*) FILTER (WHERE first_name ~ '^[A-Za-z]') AS latin, "
        "count(*) FILTER (WHERE first_name ~ '^[А-ЯЁ]') AS cyrillic FROM ("
        "  SELECT c.first_name,"
        "  (SELECT count(*) FROM candidate_contacts x WHERE x.candidate_id = c.id) AS n_contacts,"
        "  (SELECT count(*) FROM candidate_skills x WHERE x.candidate_id = c.id) AS n_skills,"
        "  (SELECT count(*) FROM candidate_work_places x WHERE x.candidate_id = c.id) AS n_work,"
        "  (SELECT count(*) FROM candidate_languages x WHERE x.candidate_id = c.id) AS n_lang"
        "  FROM candidates c) s",
    )
    assert (r["c0"], r["c1"]) == (1, 3)
    assert (r["s0"], r["s1"]) == (2, 8)
    assert r["w1"] == 5 and r["l1"] == 3
    assert r["latin"] > 0 and r["cyrillic"] > 0 and r["latin"] + r["cyrillic"] == CANDIDATES


# --- the documented users, over HTTP --------------------------------------------------------------

READS = (  # (path, resource, table whose demo rows the list counts)
    ("/api/v1/candidates", Resource.CANDIDATES, "candidates"),
    ("/api/v1/vacancies", Resource.VACANCIES, "vacancies"),
    ("/api/v1/interviews", Resource.INTERVIEWS, "interviews"),
    ("/api/v1/users", Resource.USERS, "users"),
    ("/api/v1/skills", Resource.SKILLS, "skills"),
)


async def test_every_demo_user_logs_in_and_sees_what_the_role_matrix_allows(fresh):
    app = create_app(api_settings(fresh.url, expose_statement_count=True))
    await start_app(app)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
    seen_roles = set()
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            for username, role_code, first_name, _last_name in DEMO_USERS:
                role = Role.from_code(role_code)
                seen_roles.add(role)
                client.cookies.clear()
                login = await client.post(
                    "/api/v1/sessions", json={"username": username, "password": DEMO_PASSWORD}
                )
                assert login.status_code == 200, (username, login.text)
                assert login.json()["role_code"] == role.value
                headers = {"Authorization": f"Bearer {login.cookies['at']}"}
                client.cookies.clear()

                me = await client.get("/api/v1/users/current", headers=headers)
                assert me.status_code == 200
                assert (me.json()["username"], me.json()["first_name"]) == (username, first_name)
                for path, resource, table in READS:
                    response = await client.get(path, params={"limit": 5}, headers=headers)
                    if is_allowed(role, resource, Action.READ):
                        assert response.status_code == 200, (username, path, response.text)
                        body = response.json()
                        assert body["count"] == fresh.counts[table], (username, path)
                        assert len(body["items"]) == 5
                        assert int(response.headers["X-Statements"]) >= 1
                    else:
                        assert_error(response, 403, "access_denied")
                wrong = await client.post(
                    "/api/v1/sessions", json={"username": username, "password": "wrong-password"}
                )
                assert wrong.status_code == 401
    finally:
        await stop_app(app)
    assert seen_roles == set(Role)


async def test_the_statement_header_is_absent_unless_asked_for(fresh):
    app = create_app(api_settings(fresh.url))
    await start_app(app)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.10", 50000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            login = await client.post(
                "/api/v1/sessions", json={"username": "demo.admin", "password": DEMO_PASSWORD}
            )
            assert login.status_code == 200
            response = await client.get("/api/v1/candidates", params={"limit": 1})
            assert response.status_code == 200
            assert "X-Statements" not in response.headers
    finally:
        await stop_app(app)


# --- the command ----------------------------------------------------------------------------------


def test_the_demo_data_command_migrates_loads_and_refuses_a_second_time(
    empty_database_url, monkeypatch, capsys, tmp_path
):
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    monkeypatch.setenv("APP_ENV", "test")

    assert main(["demo-data", "--candidates", "30", "--seed", "3"]) == 0
    first = capsys.readouterr().err
    assert "candidates   [" in first and "interviews   [" in first  # the progress bars
    assert "demo data loaded" in first and "demo.admin" in first and DEMO_PASSWORD in first
    counts = asyncio.run(_counts(empty_database_url))
    assert counts["candidates"] == 30 and counts["users"] == len(DEMO_USERS)

    assert main(["demo-data", "--candidates", "30"]) == 0
    second = capsys.readouterr().err
    assert "already loaded" in second and "nothing was added" in second
    assert asyncio.run(_counts(empty_database_url)) == counts


def test_the_demo_data_command_uses_the_embedded_server_gefest_run_is_serving(monkeypatch, capsys):
    """`make run` in one terminal, `make demo` in another: the second finds the server the
    first owns (and holds the lock of) and loads into it. (Here nothing bootstrapped it yet.)"""
    with scratch_directory("gefest-demo-") as root:
        server = EmbeddedPostgres(root / "postgres")
        server.start()
        try:
            monkeypatch.chdir(root)
            monkeypatch.delenv("DATABASE_URL", raising=False)
            monkeypatch.setenv("DATA_DIR", str(root))
            monkeypatch.setenv("APP_ENV", "test")

            assert main(["demo-data", "--candidates", "5"]) == 0
            err = capsys.readouterr().err
            assert "already running" in err and "demo data loaded" in err
            assert server.is_running()
            counts = asyncio.run(_counts(server.url))
            assert counts["candidates"] == 5
            # like `gefest run`, it made the first company and `admin` of an empty database
            assert "created the first company" in err
            assert counts["companies"] == 2 and counts["users"] == len(DEMO_USERS) + 1
        finally:
            server.stop()


def test_the_demo_data_command_refuses_a_negative_count(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo-data", "--candidates", "-5"])
    assert exit_info.value.code == 2
    assert "--candidates" in capsys.readouterr().err
