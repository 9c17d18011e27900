"""SqlaCandidateQueries on the migrated PostgreSQL schema: whole cards, every filter and sort,
paging, the `q` search and the fixed number of statements per call.

One module-wide transaction holds the data set and is rolled back at the end."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import msgspec
import pytest
import pytest_asyncio
from sqlalchemy import insert, literal, select
from sqlalchemy.dialects import postgresql

from adapters.postgres.candidate_queries import SqlaCandidateQueries, _utc
from adapters.postgres.engine import create_engine
from adapters.postgres.session import PgSession
from adapters.postgres.tables import companies, users
from application.candidates.views import (
    CANDIDATE_SORTS,
    DEFAULT_CANDIDATE_SORT,
    CandidateFilters,
    CandidateList,
)
from application.pagination import Page, Sort
from tests.support.candidate_rows import (
    CandidateRow,
    Contact,
    Language,
    Note,
    WorkPlace,
    add_candidates,
    add_grade,
    add_position,
    add_skill,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

TODAY = date(2026, 11, 29)
EMAIL, MOBILE = 3, 1
ENGLISH, GERMAN = 2, 3
B2, A1 = 4, 1


def at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T09:30:00.123456+00:00")


def random_ogrn() -> str:
    base = "1" + "".join(secrets.choice("0123456789") for _ in range(11))
    return base + str(int(base) % 11 % 10)


async def add_company(session: PgSession) -> UUID:
    company_id = uuid4()
    await session.execute(
        insert(companies).values(
            id=company_id, full_name="ООО Тест", short_name="Тест", ogrn=random_ogrn()
        )
    )
    return company_id


async def add_user(session: PgSession, company_id: UUID, first: str, last: str) -> UUID:
    user_id = uuid4()
    await session.execute(
        insert(users).values(
            id=user_id,
            company_id=company_id,
            username=f"u-{secrets.token_hex(5)}",
            password_hash="x",
            role_code=4,
            first_name=first,
            last_name=last,
            email="u@example.com",
        )
    )
    return user_id


@dataclass
class World:
    session: PgSession
    queries: SqlaCandidateQueries
    company_id: UUID
    other_company_id: UUID
    author_id: UUID
    python: UUID
    sql: UUID
    go: UUID
    developer: UUID
    tester: UUID
    senior: UUID
    junior: UUID
    elkin: UUID
    oneil: UUID
    anna: UUID
    smith: UUID
    deleted: UUID
    stranger: UUID


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def world(migrated_database_url: str) -> AsyncIterator[World]:
    engine = create_engine(migrated_database_url, pool_size=2, timeout_seconds=5)
    session = PgSession(engine)
    try:
        company_id = await add_company(session)
        other_company_id = await add_company(session)
        author_id = await add_user(session, company_id, "Ольга", "Рекрутова")
        other_author = await add_user(session, other_company_id, "Olga", "Other")
        python = await add_skill(session, company_id, "Python")
        sql = await add_skill(session, company_id, "SQL")
        go = await add_skill(session, company_id, "Go")
        developer = await add_position(session, company_id, "Разработчик")
        tester = await add_position(session, company_id, "Тестировщик")
        senior = await add_grade(session, company_id, "Senior")
        junior = await add_grade(session, company_id, "Junior")
        elkin = CandidateRow(
            created_by=author_id,
            first_name="Пётр",
            last_name="Ёлкин",
            middle_name="Семёнович",
            birth_date=date(1990, 5, 17),
            min_salary=150_000,
            position_id=developer,
            grade_id=senior,
            address_code=2,
            citizenship_code=1,
            family_status_code=2,
            created_at=at("2026-01-10"),
            updated_at=at("2026-02-01"),
            version=3,
            contacts=[
                Contact(EMAIL, "petr@example.com", is_priority=True),
                Contact(MOBILE, "+79161234567"),
            ],
            work_places=[
                WorkPlace("Developer", "ACME", date(2015, 1, 1), date(2018, 12, 31)),
                WorkPlace("Backend-разработчик", "Яндекс", date(2018, 1, 1), date(2020, 12, 31)),
            ],
            languages=[Language(GERMAN, A1), Language(ENGLISH, B2)],
            notes=[
                Note("Второй разговор", author_id, at("2026-01-12")),
                Note("Сильный кандидат", author_id, at("2026-01-11")),
            ],
            skill_ids=[sql, python],
        )
        oneil = CandidateRow(
            created_by=author_id,
            first_name="John",
            last_name="O'Neil",
            min_salary=90_000,
            position_id=tester,
            grade_id=junior,
            address_code=3,
            created_at=at("2026-03-05"),
            contacts=[Contact(EMAIL, "john@oneil.io")],
            work_places=[WorkPlace("QA Engineer", "Globex", date(2024, 3, 1))],
            skill_ids=[python],
        )
        anna = CandidateRow(
            created_by=author_id,
            first_name="Анна-Мария",
            last_name="Иванова",
            created_at=at("2026-05-20"),
            notes=[Note("Знает Kubernetes и 100_percent SQL", author_id, at("2026-05-21"))],
            skill_ids=[sql, go],
        )
        smith = CandidateRow(
            created_by=author_id,
            first_name="Alice",
            last_name="Smith",
            min_salary=200_000,
            position_id=developer,
            grade_id=junior,
            address_code=2,
            created_at=at("2026-05-20"),
            skill_ids=[python, sql, go],
        )
        deleted = CandidateRow(
            created_by=author_id,
            first_name="Пётр",
            last_name="Ёлкин",
            min_salary=150_000,
            position_id=developer,
            address_code=2,
            created_at=at("2026-04-01"),
            deleted_at=at("2026-04-02"),
            skill_ids=[python, sql, go],
        )
        stranger = CandidateRow(
            created_by=other_author,
            first_name="Пётр",
            last_name="Ёлкин",
            created_at=at("2026-04-01"),
        )
        await add_candidates(session, company_id, [elkin, oneil, anna, smith, deleted])
        await add_candidates(session, other_company_id, [stranger])
        yield World(
            session=session,
            queries=SqlaCandidateQueries(session),
            company_id=company_id,
            other_company_id=other_company_id,
            author_id=author_id,
            python=python,
            sql=sql,
            go=go,
            developer=developer,
            tester=tester,
            senior=senior,
            junior=junior,
            elkin=elkin.id,
            oneil=oneil.id,
            anna=anna.id,
            smith=smith.id,
            deleted=deleted.id,
            stranger=stranger.id,
        )
    finally:
        await session.close()  # rolls back
        await engine.dispose()


async def listed(
    world: World,
    filters: CandidateFilters | None = None,
    sort: str | None = None,
    page: Page | None = None,
) -> CandidateList:
    found = await world.queries.list(
        world.company_id,
        filters or CandidateFilters(),
        page or Page(),
        Sort.parse(sort, CANDIDATE_SORTS, DEFAULT_CANDIDATE_SORT),
        TODAY,
    )
    return found.decoded()


async def ids(world: World, sort: str | None = None, **filters: object) -> list[UUID]:
    return [card.id for card in (await listed(world, CandidateFilters(**filters), sort)).items]  # type: ignore[arg-type]


async def test_get_returns_the_whole_card(world: World) -> None:
    card = await world.queries.get(world.company_id, world.elkin, TODAY)

    assert card is not None
    assert (card.id, card.first_name, card.last_name, card.middle_name) == (
        world.elkin,
        "Пётр",
        "Ёлкин",
        "Семёнович",
    )
    assert card.birth_date == date(1990, 5, 17)
    assert card.min_salary == 150_000 and isinstance(card.min_salary, int)
    assert (card.position.id, card.position.name) == (world.developer, "Разработчик")  # type: ignore[union-attr]
    assert (card.grade.id, card.grade.name) == (world.senior, "Senior")  # type: ignore[union-attr]
    assert (card.address.code, card.address.value) == (2, "Алтайский край")  # type: ignore[union-attr]
    assert (card.citizenship.code, card.citizenship.value) == (1, "Российская Федерация")  # type: ignore[union-attr]
    assert (card.family_status.code, card.family_status.value) == (2, "Женат / замужем")  # type: ignore[union-attr]
    assert [(c.type.code, c.type.value, c.value, c.is_priority) for c in card.contacts] == [
        (EMAIL, "Email", "petr@example.com", True),
        (MOBILE, "Мобильный телефон", "+79161234567", False),
    ]
    assert [
        (w.position, w.company, w.work_from, w.work_to, w.is_actual) for w in card.work_places
    ] == [
        ("Developer", "ACME", date(2015, 1, 1), date(2018, 12, 31), False),
        ("Backend-разработчик", "Яндекс", date(2018, 1, 1), date(2020, 12, 31), False),
    ]
    assert (card.total_experience.years, card.total_experience.months) == (6, 0)
    assert [
        (lang.language.code, lang.language.value, lang.level.code, lang.level.level_code)
        for lang in card.languages
    ] == [(ENGLISH, "Английский", B2, "B2"), (GERMAN, "Немецкий", A1, "A1")]
    assert [(n.text, n.author.id, n.author.first_name, n.author.last_name) for n in card.notes] == [
        ("Сильный кандидат", world.author_id, "Ольга", "Рекрутова"),
        ("Второй разговор", world.author_id, "Ольга", "Рекрутова"),
    ]
    assert card.notes[0].created_at == at("2026-01-11")
    assert card.notes[0].created_at.tzinfo is not None
    assert [(s.id, s.name) for s in card.skills] == [(world.python, "Python"), (world.sql, "SQL")]
    assert (card.created_by.id, card.created_by.first_name, card.created_by.last_name) == (
        world.author_id,
        "Ольга",
        "Рекрутова",
    )
    assert card.created_at == at("2026-01-10")
    assert card.updated_at == at("2026-02-01")
    assert card.version == 3
    assert all(child.id for child in [*card.contacts, *card.work_places, *card.languages])


async def test_get_of_a_bare_card_has_nulls_and_empty_lists(world: World) -> None:
    card = await world.queries.get(world.company_id, world.anna, TODAY)

    assert card is not None
    assert card.middle_name is None and card.birth_date is None and card.min_salary is None
    assert card.position is None and card.grade is None
    assert card.address is None and card.citizenship is None and card.family_status is None
    assert card.contacts == [] and card.work_places == [] and card.languages == []
    assert (card.total_experience.years, card.total_experience.months) == (0, 0)
    assert [s.name for s in card.skills] == ["Go", "SQL"]


async def test_an_open_work_period_runs_to_today(world: World) -> None:
    card = await world.queries.get(world.company_id, world.oneil, TODAY)

    assert card is not None
    assert card.work_places[0].is_actual and card.work_places[0].work_to is None
    # 2024-03-01 .. 2026-11-29 inclusive: 2 years 8 months and 29 days
    assert (card.total_experience.years, card.total_experience.months) == (2, 8)


async def test_get_hides_deleted_missing_and_foreign_cards(world: World) -> None:
    assert await world.queries.get(world.company_id, world.deleted, TODAY) is None
    assert await world.queries.get(world.company_id, uuid4(), TODAY) is None
    assert await world.queries.get(world.company_id, world.stranger, TODAY) is None
    assert await world.queries.get(world.other_company_id, world.stranger, TODAY) is not None


async def test_the_default_list_is_newest_first_with_ties_by_id(world: World) -> None:
    found = await listed(world)

    newest = sorted([world.anna, world.smith])
    assert [card.id for card in found.items] == [*newest, world.oneil, world.elkin]
    assert found.count == 4
    elkin = found.items[-1]
    assert elkin == await world.queries.get(world.company_id, world.elkin, TODAY)


async def test_every_sort(world: World) -> None:
    may = sorted([world.anna, world.smith])
    assert await ids(world, "created_at") == [world.elkin, world.oneil, *may]
    assert await ids(world, "-created_at") == [*may, world.oneil, world.elkin]
    # In code-point order (the C collation), Latin comes before Cyrillic and Ё (U+0401) before И.
    assert await ids(world, "last_name") == [world.oneil, world.smith, world.elkin, world.anna]
    assert await ids(world, "-last_name") == [world.anna, world.elkin, world.smith, world.oneil]
    # Candidates without a salary come last in both directions.
    assert await ids(world, "min_salary") == [world.oneil, world.elkin, world.smith, world.anna]
    assert await ids(world, "-min_salary") == [world.smith, world.elkin, world.oneil, world.anna]


@pytest.mark.parametrize(
    "sort", ["created_at", "-created_at", "last_name", "-last_name", "min_salary", "-min_salary"]
)
async def test_a_selective_filter_keeps_every_sort(world: World, sort: str) -> None:
    # A skill filter takes the other strategy (matches found first, then sorted).
    with_python = {world.elkin, world.oneil, world.smith}
    everyone = await ids(world, sort)
    assert await ids(world, sort, skill_ids=(world.python,)) == [
        candidate for candidate in everyone if candidate in with_python
    ]
    paged = await listed(
        world, CandidateFilters(skill_ids=(world.python,)), sort, Page(limit=1, offset=1)
    )
    assert [card.id for card in paged.items] == [
        candidate for candidate in everyone if candidate in with_python
    ][1:2]
    assert paged.count == 3


async def test_name_filters_are_case_insensitive_substrings(world: World) -> None:
    assert await ids(world, first_name="пётр") == [world.elkin]
    assert await ids(world, first_name="АННА") == [world.anna]
    assert await ids(world, last_name="nei") == [world.oneil]
    assert await ids(world, last_name="o'n") == [world.oneil]
    assert await ids(world, middle_name="СЕМЁН") == [world.elkin]
    assert await ids(world, last_name="%") == []
    assert await ids(world, first_name="_") == []


async def test_reference_and_organisation_filters(world: World) -> None:
    assert set(await ids(world, position_id=world.developer)) == {world.elkin, world.smith}
    assert await ids(world, position_id=world.tester) == [world.oneil]
    assert set(await ids(world, grade_id=world.junior)) == {world.oneil, world.smith}
    assert set(await ids(world, address_code=2)) == {world.elkin, world.smith}
    assert await ids(world, address_code=77) == []
    assert await ids(world, position_id=uuid4()) == []


async def test_skill_filter_requires_every_skill(world: World) -> None:
    every_python = {world.elkin, world.oneil, world.smith}
    assert set(await ids(world, skill_ids=(world.python,))) == every_python
    assert set(await ids(world, skill_ids=(world.python, world.sql))) == {world.elkin, world.smith}
    assert await ids(world, skill_ids=(world.python, world.sql, world.go)) == [world.smith]
    assert set(await ids(world, skill_ids=(world.go, world.go))) == {world.anna, world.smith}
    assert await ids(world, skill_ids=(world.python, uuid4())) == []


async def test_salary_and_created_ranges_are_inclusive(world: World) -> None:
    assert set(await ids(world, salary_from=150_000)) == {world.elkin, world.smith}
    assert set(await ids(world, salary_to=150_000)) == {world.elkin, world.oneil}
    assert await ids(world, salary_from=90_000, salary_to=90_000) == [world.oneil]
    assert await ids(world, created_from=date(2026, 5, 20)) == sorted([world.anna, world.smith])
    assert await ids(world, created_to=date(2026, 1, 10)) == [world.elkin]
    assert await ids(world, created_from=date(2026, 3, 5), created_to=date(2026, 3, 5)) == [
        world.oneil
    ]
    assert await ids(world, created_to=date(2026, 1, 9)) == []


async def test_filters_combine(world: World) -> None:
    assert await ids(
        world,
        position_id=world.developer,
        salary_from=100_000,
        salary_to=180_000,
        skill_ids=(world.python,),
    ) == [world.elkin]
    assert await ids(world, q="python", grade_id=world.junior, created_from=date(2026, 5, 1)) == [
        world.smith
    ]
    assert await ids(world, first_name="john", address_code=2) == []
    assert await ids(
        world,
        q="ёлкин",
        first_name="пётр",
        last_name="ёлк",
        middle_name="сем",
        position_id=world.developer,
        grade_id=world.senior,
        address_code=2,
        skill_ids=(world.python, world.sql),
        salary_from=1,
        salary_to=150_000,
        created_from=date(2026, 1, 10),
        created_to=date(2026, 1, 10),
    ) == [world.elkin]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Ёлкин", {"elkin"}),
        ("ЕЛКИН", {"elkin"}),  # ё and е match each other, any case
        ("лки", {"elkin"}),  # inside a word
        ("семенович", {"elkin"}),
        ("ПЁТР ёлкин", {"elkin"}),  # every word must match
        ("яндекс", {"elkin"}),  # a work-place company
        ("backend", {"elkin"}),  # a work-place position
        ("GLOBEX", {"oneil"}),
        ("qa engineer", {"oneil"}),
        ("o'neil", {"oneil"}),
        ("Neil", {"oneil"}),
        ("ONEIL.IO", {"oneil"}),  # a contact
        ("9161234", {"elkin"}),
        ("kubernetes", {"anna"}),  # a note
        ("сильный", {"elkin"}),
        ("python", {"elkin", "oneil", "smith"}),  # a skill
        ("python sql", {"elkin", "smith"}),
        ("анна-мария", {"anna"}),
        ("100_percent", {"anna"}),
        ("100%", set()),  # LIKE wildcards are literal
        ("1_0", set()),
        ("питон", set()),
        ("   ", {"elkin", "oneil", "anna", "smith"}),
    ],
)
async def test_q_searches_names_contacts_skills_work_places_and_notes(
    world: World, q: str, expected: set[str]
) -> None:
    found = set(await ids(world, q=q))
    assert found == {getattr(world, name) for name in expected}


async def test_pagination_and_count(world: World) -> None:
    everything = await ids(world)

    middle = await listed(world, page=Page(limit=2, offset=1))
    assert [card.id for card in middle.items] == everything[1:3]
    assert middle.count == 4

    last = await listed(world, page=Page(limit=3, offset=3))
    assert [card.id for card in last.items] == everything[3:]

    past = await listed(world, page=Page(limit=50, offset=10))
    assert past.items == [] and past.count == 4

    filtered = await listed(world, CandidateFilters(q="python"), page=Page(limit=1))
    assert len(filtered.items) == 1 and filtered.count == 3

    nothing = await listed(world, CandidateFilters(q="nobody-at-all"))
    assert nothing.items == [] and nothing.count == 0


async def test_a_page_costs_two_statements_whatever_its_size(world: World) -> None:
    session = world.session
    company_id = await add_company(session)
    author_id = await add_user(session, company_id, "Автор", "Авторов")
    skill_id = await add_skill(session, company_id, "Rust")
    rows = [
        CandidateRow(
            created_by=author_id,
            first_name="Кандидат",
            last_name=f"Номер{index}",
            created_at=at("2026-06-01") + timedelta(minutes=index),
            contacts=[Contact(EMAIL, f"c{index}@example.com"), Contact(MOBILE, f"+7900{index:07}")],
            work_places=[WorkPlace("Dev", "Firm", date(2020, 1, 1))],
            languages=[Language(ENGLISH, B2)],
            notes=[Note("note", author_id)],
            skill_ids=[skill_id],
        )
        for index in range(60)
    ]
    await add_candidates(session, company_id, rows)
    queries = SqlaCandidateQueries(session)
    sort = Sort.parse(None, CANDIDATE_SORTS, DEFAULT_CANDIDATE_SORT)
    filters = CandidateFilters(q="кандидат", skill_ids=(skill_id,))

    costs = []
    for limit in (1, 50):
        before = session.statements
        found = (await queries.list(company_id, filters, Page(limit=limit), sort, TODAY)).decoded()
        costs.append(session.statements - before)
        assert len(found.items) == limit and found.count == 60
        assert all(len(card.contacts) == 2 and len(card.notes) == 1 for card in found.items)
    before = session.statements
    assert await queries.get(company_id, rows[0].id, TODAY) is not None
    costs.append(session.statements - before)

    # the list: SET LOCAL plan_cache_mode, then the page; the card: one query
    assert costs == [2, 2, 1]


CHILD_KINDS = [
    "candidate_contacts",
    "candidate_work_places",
    "candidate_languages",
    "candidate_notes",
    "candidate_skills",
]


@pytest.mark.parametrize(
    ("filtered_by", "scoped_tables"),
    [
        # the page walks the sort index; the company's counter gives the count
        (None, ["candidates", "candidate_counts", *CHILD_KINDS]),
        # the page walks the sort index; the count scans the matches
        ("salary", ["candidates", "candidates", *CHILD_KINDS]),
        # the matches (skill filter inside) are found once; the page joins candidates back
        ("skill", ["candidates", "candidate_skills", "candidates", *CHILD_KINDS]),
    ],
)
async def test_every_part_of_the_list_is_scoped_to_the_company(
    world: World, filtered_by: str | None, scoped_tables: list[str]
) -> None:
    filters = {
        None: CandidateFilters(),
        "salary": CandidateFilters(salary_from=1),
        "skill": CandidateFilters(skill_ids=(world.python,)),
    }[filtered_by]
    statement, parameters = SqlaCandidateQueries.list_statement(
        world.company_id, filters, Page(), Sort("created_at", descending=True)
    )
    assert parameters["company_id"] == world.company_id
    sql = str(statement.compile(dialect=postgresql.dialect()))
    scoped = re.findall(r"(\w+)\.company_id = %\(company_id\)s", sql)
    assert sorted(scoped) == sorted(scoped_tables)


@pytest.mark.parametrize("microsecond", [0, 100, 123000, 999999])
async def test_timestamps_are_written_as_the_service_writes_them(world: World, microsecond: int):
    """Listed cards go out as PostgreSQL wrote them, single cards as msgspec encodes them."""
    moment = datetime(2026, 2, 1, 9, 30, 5, microsecond, tzinfo=UTC)
    written = (await world.session.read(select(_utc(literal(moment))))).scalar_one()
    assert f'"{written}"'.encode() == msgspec.json.encode(moment)


async def test_the_ids_filter_keeps_only_the_named_live_cards_of_the_company(
    world: World,
) -> None:
    named = (world.smith, world.elkin, world.deleted, world.stranger, uuid4())
    assert set(await ids(world, ids=named)) == {world.smith, world.elkin}
    assert await ids(world, ids=(world.anna, world.anna)) == [world.anna]
    assert await ids(world, ids=(world.anna,), position_id=world.developer) == []
