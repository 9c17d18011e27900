"""SqlaVacancyQueries and SqlaVacancyRepository on the migrated PostgreSQL schema: the whole
shape, every filter alone and combined, salary overlap edges, sorts, paging and counting,
`hired_count` from interview rows, the fixed number of statements per call, and the
repository's version check and skill sync.

The read-side data set lives in one module-wide transaction that is rolled back at the end."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest
import pytest_asyncio
from sqlalchemy import insert, select, update

from adapters.postgres.engine import create_engine
from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    candidates,
    companies,
    departments,
    grades,
    interviews,
    positions,
    skills,
    users,
    vacancies,
    vacancy_skills,
)
from adapters.postgres.vacancies import SqlaVacancyRepository
from adapters.postgres.vacancy_queries import SqlaVacancyQueries
from adapters.postgres.vacancy_search import refresh_vacancy_search_text
from application.errors import NotFound, PreconditionFailed
from application.pagination import Page, Sort
from application.vacancies.views import VacancyFilters, VacancyList
from domain.vacancies.vacancy import Vacancy, VacancyTerms

pytestmark = pytest.mark.asyncio(loop_scope="session")


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=UTC)


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


async def add_named(session: PgSession, table, company_id: UUID, name: str) -> UUID:
    row_id = uuid4()
    values = {"id": row_id, "company_id": company_id, "name": name}
    if table is skills:
        values["normalized_name"] = name.casefold()
    await session.execute(insert(table).values(**values))
    return row_id


async def add_interview(
    session: PgSession,
    company_id: UUID,
    vacancy_id: UUID,
    stage_code: int,
    created_by: UUID,
    *,
    deleted: bool = False,
) -> None:
    candidate_id = uuid4()
    await session.execute(
        insert(candidates).values(
            id=candidate_id,
            company_id=company_id,
            first_name="Иван",
            last_name="Кандидатов",
            created_by=created_by,
        )
    )
    await session.execute(
        insert(interviews).values(
            id=uuid4(),
            company_id=company_id,
            candidate_id=candidate_id,
            vacancy_id=vacancy_id,
            stage_code=stage_code,
            stage_entered_at=at("2026-06-01T10:00:00"),
            created_by=created_by,
            deleted_at=at("2026-06-02T10:00:00") if deleted else None,
        )
    )


@dataclass
class World:
    session: PgSession
    queries: SqlaVacancyQueries
    company_id: UUID
    other_company_id: UUID
    author: UUID
    recruiter: UUID
    manager: UUID
    developer: UUID
    analyst: UUID
    platform: UUID
    finance: UUID
    senior: UUID
    junior: UUID
    python: UUID
    sql: UUID
    go: UUID
    v1: UUID
    v2: UUID
    v3: UUID
    v4: UUID
    deleted: UUID
    foreign: UUID

    async def ids(self, sort: str = "-created_at", limit: int = 200, offset: int = 0, **f):
        result = await self.list(sort=sort, limit=limit, offset=offset, **f)
        return [item.id for item in result.items]

    async def list(
        self, sort: str = "-created_at", limit: int = 200, offset: int = 0, **f
    ) -> VacancyList:
        parsed = Sort.parse(sort, ("created_at", "deadline", "priority"), "-created_at")
        return await self.queries.list(
            self.company_id, VacancyFilters(**f), Page(limit, offset), parsed
        )

    async def matching(self, **f) -> set[UUID]:
        return set(await self.ids(**f))


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def world(migrated_database_url: str) -> AsyncIterator[World]:
    engine = create_engine(migrated_database_url, pool_size=2, timeout_seconds=5)
    session = PgSession(engine)
    repo = SqlaVacancyRepository(session)
    try:
        company_id = await add_company(session)
        other_company_id = await add_company(session)
        author = await add_user(session, company_id, "Ольга", "Авторова")
        recruiter = await add_user(session, company_id, "Рита", "Рекрутова")
        manager = await add_user(session, company_id, "Максим", "Менеджеров")
        other_author = await add_user(session, other_company_id, "Olga", "Other")
        developer = await add_named(session, positions, company_id, "Разработчик")
        analyst = await add_named(session, positions, company_id, "Аналитик")
        platform = await add_named(session, departments, company_id, "Платформа")
        finance = await add_named(session, departments, company_id, "Финансы")
        senior = await add_named(session, grades, company_id, "Senior")
        junior = await add_named(session, grades, company_id, "Junior")
        python = await add_named(session, skills, company_id, "Python")
        sql = await add_named(session, skills, company_id, "SQL")
        go = await add_named(session, skills, company_id, "Go")
        other_position = await add_named(session, positions, other_company_id, "Разработчик")
        other_department = await add_named(session, departments, other_company_id, "Платформа")

        def vacancy(company: UUID = company_id, by: UUID = author, **fields) -> Vacancy:
            created_at = fields.pop("created_at")
            updated_at = fields.pop("updated_at", created_at)
            own = {name: fields.pop(name) for name in ("version", "deleted_at") if name in fields}
            return Vacancy(
                id=uuid4(),
                company_id=company,
                created_by=by,
                created_at=created_at,
                updated_at=updated_at,
                terms=VacancyTerms(**fields),
                **own,
            )

        v1 = vacancy(
            position_id=developer,
            department_id=platform,
            grade_id=senior,
            salary_from=100_000,
            salary_to=200_000,
            employee_count=3,
            priority_code=4,
            status_code=1,
            deadline=date(2027, 1, 15),
            address_code=2,
            project="Ёлочный шлюз",
            recruiter_id=recruiter,
            skill_ids=(python, sql),
            created_at=at("2026-01-10T09:30:00"),
            updated_at=at("2026-01-11T12:00:00"),
            version=4,
        )
        v2 = vacancy(
            position_id=analyst,
            department_id=finance,
            salary_from=150_000,
            employee_count=1,
            priority_code=2,
            status_code=2,
            skill_ids=(sql,),
            created_at=at("2026-02-10T23:59:59.999999"),
        )
        v3 = vacancy(
            position_id=developer,
            department_id=finance,
            grade_id=junior,
            salary_to=90_000,
            employee_count=2,
            priority_code=1,
            status_code=3,
            deadline=date(2026, 12, 31),
            address_code=3,
            project="Mobile_app 100%",
            recruiter_id=manager,
            skill_ids=(go, python),
            created_at=at("2026-03-10T00:00:00"),
        )
        v4 = vacancy(
            position_id=analyst,
            department_id=platform,
            employee_count=5,
            priority_code=4,
            status_code=1,
            deadline=date(2027, 1, 15),
            project="Платёжный",
            created_at=at("2026-01-10T09:30:00"),  # the same instant as v1: ties by id
        )
        deleted = vacancy(
            position_id=developer,
            department_id=platform,
            employee_count=1,
            priority_code=4,
            skill_ids=(python,),
            created_at=at("2026-04-01T10:00:00"),
            deleted_at=at("2026-04-02T10:00:00"),
        )
        foreign = vacancy(
            company=other_company_id,
            by=other_author,
            position_id=other_position,
            department_id=other_department,
            employee_count=1,
            priority_code=4,
            status_code=1,
            created_at=at("2026-01-20T10:00:00"),
        )
        for row in (v1, v2, v3, v4, deleted, foreign):
            await repo.add(row)
        for stage, gone in ((10, False), (10, False), (10, True), (7, False), (9, False)):
            await add_interview(session, company_id, v1.id, stage, author, deleted=gone)
        await add_interview(session, company_id, v2.id, 10, author)
        await add_interview(session, company_id, deleted.id, 10, author)
        await add_interview(session, other_company_id, foreign.id, 10, other_author)
        yield World(
            session=session,
            queries=SqlaVacancyQueries(session),
            company_id=company_id,
            other_company_id=other_company_id,
            author=author,
            recruiter=recruiter,
            manager=manager,
            developer=developer,
            analyst=analyst,
            platform=platform,
            finance=finance,
            senior=senior,
            junior=junior,
            python=python,
            sql=sql,
            go=go,
            v1=v1.id,
            v2=v2.id,
            v3=v3.id,
            v4=v4.id,
            deleted=deleted.id,
            foreign=foreign.id,
        )
    finally:
        await session.close()
        await engine.dispose()


# --- the shape ----------------------------------------------------------------------------------


async def test_a_vacancy_has_the_whole_shape(world):
    view = await world.queries.get(world.company_id, world.v1)
    assert view is not None
    assert view.id == world.v1
    assert (view.position.id, view.position.name) == (world.developer, "Разработчик")
    assert (view.department.id, view.department.name) == (world.platform, "Платформа")
    assert view.grade is not None and (view.grade.id, view.grade.name) == (world.senior, "Senior")
    assert (view.salary_from, view.salary_to) == (100_000, 200_000)
    assert (view.employee_count, view.hired_count) == (3, 2)
    assert (view.priority.code, view.priority.value) == (4, "Критический")
    assert (view.status.code, view.status.value) == (1, "Заявка")
    assert view.deadline == date(2027, 1, 15)
    assert view.address is not None and (view.address.code, view.address.value) == (
        2,
        "Алтайский край",
    )
    assert view.project == "Ёлочный шлюз"
    assert view.recruiter is not None
    assert (view.recruiter.id, view.recruiter.first_name, view.recruiter.last_name) == (
        world.recruiter,
        "Рита",
        "Рекрутова",
    )
    assert [(s.id, s.name) for s in view.skills] == [(world.python, "Python"), (world.sql, "SQL")]
    assert (view.created_by.id, view.created_by.last_name) == (world.author, "Авторова")
    assert view.created_at == at("2026-01-10T09:30:00")
    assert view.updated_at == at("2026-01-11T12:00:00")
    assert view.version == 4


async def test_the_empty_optional_parts_are_null(world):
    view = await world.queries.get(world.company_id, world.v4)
    assert view is not None
    assert view.grade is None and view.address is None and view.recruiter is None
    assert (view.salary_from, view.salary_to, view.deadline) == (None, None, date(2027, 1, 15))
    assert view.skills == []
    open_top = await world.queries.get(world.company_id, world.v2)
    assert open_top is not None and (open_top.salary_from, open_top.salary_to) == (150_000, None)
    assert open_top.project is None and open_top.deadline is None


async def test_hired_count_counts_only_live_interviews_at_stage_10(world):
    counts = {item.id: item.hired_count for item in (await world.list()).items}
    assert counts == {world.v1: 2, world.v2: 1, world.v3: 0, world.v4: 0}


async def test_soft_deleted_and_foreign_vacancies_are_never_shown(world):
    assert await world.queries.get(world.company_id, world.deleted) is None
    assert await world.queries.get(world.company_id, world.foreign) is None
    assert await world.queries.get(world.company_id, uuid4()) is None
    assert await world.matching() == {world.v1, world.v2, world.v3, world.v4}
    foreign = await world.queries.list(
        world.other_company_id, VacancyFilters(), Page(), Sort("created_at", True)
    )
    assert [item.id for item in foreign.items] == [world.foreign]
    assert foreign.count == 1 and foreign.items[0].hired_count == 1


# --- filters ------------------------------------------------------------------------------------


async def test_each_equality_filter_alone(world):
    assert await world.matching(recruiter_id=world.recruiter) == {world.v1}
    assert await world.matching(recruiter_id=world.author) == set()
    assert await world.matching(department_id=world.finance) == {world.v2, world.v3}
    assert await world.matching(position_id=world.developer) == {world.v1, world.v3}
    assert await world.matching(grade_id=world.senior) == {world.v1}
    assert await world.matching(priority_code=4) == {world.v1, world.v4}
    assert await world.matching(status_code=1) == {world.v1, world.v4}
    assert await world.matching(status_code=3) == {world.v3}
    assert await world.matching(address_code=2) == {world.v1}


async def test_skills_must_all_match(world):
    assert await world.matching(skill_ids=(world.python,)) == {world.v1, world.v3}
    assert await world.matching(skill_ids=(world.sql,)) == {world.v1, world.v2}
    assert await world.matching(skill_ids=(world.python, world.sql)) == {world.v1}
    assert await world.matching(skill_ids=(world.go, world.python)) == {world.v3}
    assert await world.matching(skill_ids=(world.go, world.sql)) == set()
    assert await world.matching(skill_ids=(world.python, world.python)) == {world.v1, world.v3}
    assert await world.matching(skill_ids=(uuid4(),)) == set()


async def test_q_searches_position_department_project_and_skills(world):
    assert await world.matching(q="елочный") == {world.v1}  # ё and е match each other
    assert await world.matching(q="ЁЛОЧН") == {world.v1}
    assert await world.matching(q="платформа") == {world.v1, world.v4}
    assert await world.matching(q="python") == {world.v1, world.v3}
    assert await world.matching(q="  python   платформа ") == {world.v1}
    assert await world.matching(q="аналитик финансы") == {world.v2}
    assert await world.matching(q="нали") == {world.v2, world.v4}  # inside a word
    assert await world.matching(q="100%") == {world.v3}
    assert await world.matching(q="mobile_app") == {world.v3}
    assert await world.matching(q="mobile%app") == set()  # wildcards are literal
    assert await world.matching(q="e_app") == {world.v3}
    assert await world.matching(q="x_app") == set()
    assert await world.matching(q="kotlin") == set()
    assert await world.matching(q="   ") == {world.v1, world.v2, world.v3, world.v4}


@pytest.mark.parametrize(
    ("salary_from", "salary_to", "expected"),
    [
        (200_000, None, {"v1", "v2", "v4"}),  # v1 ends exactly there; v2 has no top
        (200_001, None, {"v2", "v4"}),
        (None, 100_000, {"v1", "v3", "v4"}),  # v1 starts exactly there; v3 has no bottom
        (None, 99_999, {"v3", "v4"}),
        (90_000, 90_000, {"v3", "v4"}),  # a point range touching v3's top
        (95_000, 99_000, {"v4"}),  # between v3 and v1; only the fully open v4
        (160_000, 170_000, {"v1", "v2", "v4"}),
        (None, None, {"v1", "v2", "v3", "v4"}),
    ],
)
async def test_salary_filters_match_overlapping_ranges(world, salary_from, salary_to, expected):
    found = await world.matching(salary_from=salary_from, salary_to=salary_to)
    assert found == {getattr(world, name) for name in expected}


async def test_created_dates_are_inclusive_whole_days_in_utc(world):
    assert await world.matching(created_from=date(2026, 2, 10)) == {world.v2, world.v3}
    assert await world.matching(created_to=date(2026, 2, 10)) == {world.v1, world.v2, world.v4}
    assert await world.matching(created_to=date(2026, 2, 9)) == {world.v1, world.v4}
    assert await world.matching(created_from=date(2026, 2, 10), created_to=date(2026, 2, 10)) == {
        world.v2
    }
    assert await world.matching(created_from=date(2026, 3, 10)) == {world.v3}
    assert await world.matching(created_from=date(2026, 3, 11)) == set()


async def test_deadline_dates_are_inclusive_and_skip_vacancies_without_one(world):
    assert await world.matching(deadline_from=date(2027, 1, 15)) == {world.v1, world.v4}
    assert await world.matching(deadline_from=date(2027, 1, 16)) == set()
    assert await world.matching(deadline_to=date(2026, 12, 31)) == {world.v3}
    assert await world.matching(
        deadline_from=date(2026, 12, 31), deadline_to=date(2027, 1, 15)
    ) == {world.v1, world.v3, world.v4}


async def test_filters_combine(world):
    assert await world.matching(department_id=world.platform, priority_code=4, status_code=1) == {
        world.v1,
        world.v4,
    }
    assert await world.matching(
        department_id=world.platform, priority_code=4, status_code=1, q="python"
    ) == {world.v1}
    assert await world.matching(position_id=world.developer, salary_to=95_000) == {world.v3}
    assert await world.matching(skill_ids=(world.sql,), salary_from=160_000) == {
        world.v1,
        world.v2,
    }
    assert await world.matching(
        skill_ids=(world.sql,), salary_from=160_000, deadline_from=date(2027, 1, 1)
    ) == {world.v1}
    assert await world.matching(
        q="финансы", created_from=date(2026, 3, 1), grade_id=world.junior, address_code=3
    ) == {world.v3}
    assert await world.matching(q="финансы", recruiter_id=world.recruiter) == set()
    everything = {
        "q": "шлюз",
        "recruiter_id": world.recruiter,
        "department_id": world.platform,
        "position_id": world.developer,
        "grade_id": world.senior,
        "priority_code": 4,
        "status_code": 1,
        "address_code": 2,
        "skill_ids": (world.python, world.sql),
        "salary_from": 150_000,
        "salary_to": 160_000,
        "created_from": date(2026, 1, 10),
        "created_to": date(2026, 1, 10),
        "deadline_from": date(2027, 1, 15),
        "deadline_to": date(2027, 1, 15),
    }
    result = await world.list(**everything)
    assert ([item.id for item in result.items], result.count) == ([world.v1], 1)


# --- sorts, paging, counting --------------------------------------------------------------------


async def test_sorts_break_ties_by_id(world):
    low, high = sorted([world.v1, world.v4])
    assert await world.ids() == [world.v3, world.v2, high, low]
    assert await world.ids(sort="created_at") == [low, high, world.v2, world.v3]
    assert await world.ids(sort="deadline") == [world.v3, low, high, world.v2]
    assert await world.ids(sort="-deadline") == [high, low, world.v3, world.v2]
    assert await world.ids(sort="priority") == [world.v3, world.v2, low, high]
    assert await world.ids(sort="-priority") == [high, low, world.v2, world.v3]


async def test_pages_and_the_total_count(world):
    everything = await world.ids()
    first = await world.list(limit=2)
    assert ([item.id for item in first.items], first.count) == (everything[:2], 4)
    last = await world.list(limit=2, offset=3)
    assert ([item.id for item in last.items], last.count) == (everything[3:], 4)
    past_the_end = await world.list(limit=2, offset=4)
    assert (past_the_end.items, past_the_end.count) == ([], 4)
    filtered_past = await world.list(limit=50, offset=100, status_code=1)
    assert (filtered_past.items, filtered_past.count) == ([], 2)
    nothing = await world.list(q="kotlin")
    assert (nothing.items, nothing.count) == ([], 0)
    one = await world.list(limit=1, offset=1, priority_code=4)
    assert (len(one.items), one.count) == (1, 2)


async def test_a_page_costs_two_statements_whatever_its_size(world):
    for limit in (1, 4, 200):
        before = world.session.statements
        result = await world.list(limit=limit)
        assert len(result.items) == min(limit, 4)
        assert world.session.statements - before == 2
    before = world.session.statements
    assert await world.queries.get(world.company_id, world.v1) is not None
    assert world.session.statements - before == 2


# --- the repository -----------------------------------------------------------------------------


@dataclass
class Fresh:
    session: PgSession
    repo: SqlaVacancyRepository
    queries: SqlaVacancyQueries
    company_id: UUID
    author: UUID
    position: UUID
    department: UUID
    skills: dict[str, UUID]


@pytest_asyncio.fixture(loop_scope="session")
async def fresh(migrated_database_url: str) -> AsyncIterator[Fresh]:
    """A company of its own in a transaction rolled back after the test."""
    engine = create_engine(migrated_database_url, pool_size=2, timeout_seconds=5)
    session = PgSession(engine)
    try:
        company_id = await add_company(session)
        yield Fresh(
            session=session,
            repo=SqlaVacancyRepository(session),
            queries=SqlaVacancyQueries(session),
            company_id=company_id,
            author=await add_user(session, company_id, "Анна", "Авторова"),
            position=await add_named(session, positions, company_id, "Тестировщик"),
            department=await add_named(session, departments, company_id, "Качество"),
            skills={
                name: await add_named(session, skills, company_id, name)
                for name in ("Selenium", "Pytest", "Jira")
            },
        )
    finally:
        await session.close()
        await engine.dispose()


def new_vacancy(fresh: Fresh, *skill_names: str, project: str | None = None) -> Vacancy:
    terms = VacancyTerms(
        position_id=fresh.position,
        department_id=fresh.department,
        priority_code=2,
        employee_count=1,
        salary_from=90_000,
        project=project,
        skill_ids=tuple(fresh.skills[name] for name in skill_names),
    )
    return Vacancy.request(uuid4(), fresh.company_id, fresh.author, terms, at("2026-05-01T10:00"))


async def search_text_of(fresh: Fresh, vacancy_id: UUID) -> str:
    result = await fresh.session.execute(
        select(vacancies.c.search_text).where(vacancies.c.id == vacancy_id)
    )
    return result.scalar_one()


async def test_the_repository_round_trips_a_vacancy(fresh):
    vacancy = new_vacancy(fresh, "Selenium", "Pytest", project="Регресс")
    await fresh.repo.add(vacancy)
    stored = await fresh.repo.get(fresh.company_id, vacancy.id)
    sorted_skills = tuple(sorted(vacancy.terms.skill_ids))
    assert stored == replace(vacancy, terms=replace(vacancy.terms, skill_ids=sorted_skills))
    assert await fresh.repo.get(uuid4(), vacancy.id) is None  # another company
    words = (await search_text_of(fresh, vacancy.id)).split()
    assert sorted(words) == sorted(["тестировщик", "качество", "регресс", "selenium", "pytest"])


async def test_save_syncs_skills_and_search_text_and_checks_the_version(fresh):
    vacancy = new_vacancy(fresh, "Selenium", "Pytest")
    await fresh.repo.add(vacancy)
    loaded = await fresh.repo.get(fresh.company_id, vacancy.id, for_update=True)
    assert loaded is not None
    new_skills = (fresh.skills["Jira"], fresh.skills["Pytest"])
    loaded.update(
        replace(loaded.terms, skill_ids=new_skills, project="Нагрузка", status_code=2),
        at("2026-05-02T10:00"),
    )
    await fresh.repo.save(loaded, expected_version=1)
    view = await fresh.queries.get(fresh.company_id, vacancy.id)
    assert view is not None
    assert [s.name for s in view.skills] == ["Jira", "Pytest"]
    assert (view.status.code, view.project, view.version) == (2, "Нагрузка", 2)
    assert view.updated_at == at("2026-05-02T10:00")
    text = await search_text_of(fresh, vacancy.id)
    assert "нагрузка" in text and "jira" in text and "selenium" not in text
    links = await fresh.session.execute(
        select(vacancy_skills.c.skill_id).where(vacancy_skills.c.vacancy_id == vacancy.id)
    )
    assert set(links.scalars()) == set(new_skills)

    with pytest.raises(PreconditionFailed):
        await fresh.repo.save(loaded, expected_version=1)
    with pytest.raises(NotFound):
        await fresh.repo.save(new_vacancy(fresh), expected_version=1)


async def test_soft_deleted_rows_are_read_only_on_request(fresh):
    vacancy = new_vacancy(fresh, "Jira")
    await fresh.repo.add(vacancy)
    vacancy.soft_delete(at("2026-05-03T10:00"))
    await fresh.repo.save(vacancy, expected_version=1)
    assert await fresh.repo.get(fresh.company_id, vacancy.id) is None
    gone = await fresh.repo.get(fresh.company_id, vacancy.id, include_deleted=True)
    assert gone is not None and gone.deleted_at == at("2026-05-03T10:00") and gone.version == 2
    assert gone.terms.skill_ids == (fresh.skills["Jira"],)
    assert await fresh.queries.get(fresh.company_id, vacancy.id) is None


async def test_refreshing_search_text_follows_a_renamed_skill(fresh):
    vacancy = new_vacancy(fresh, "Jira")
    await fresh.repo.add(vacancy)
    await fresh.session.execute(
        update(skills).where(skills.c.id == fresh.skills["Jira"]).values(name="YouTrack")
    )
    await refresh_vacancy_search_text(fresh.session, fresh.company_id, [vacancy.id])
    assert "youtrack" in await search_text_of(fresh, vacancy.id)
    await refresh_vacancy_search_text(fresh.session, fresh.company_id, [])  # a no-op


async def test_the_ids_filter_keeps_only_the_named_live_vacancies_of_the_company(world):
    named = (world.v1, world.v3, world.deleted, world.foreign, uuid4())
    assert await world.matching(ids=named) == {world.v1, world.v3}
    assert await world.matching(ids=(world.v1,), department_id=world.finance) == set()
