"""The organisation and skills adapters on the migrated PostgreSQL schema: round trips, the read
models, and every constraint turned into the right application error (by constraint name).

Most tests work in one transaction that is rolled back; the race tests commit, on companies of
their own, because two connections only see each other's committed rows."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.events import SqlaEventLog
from adapters.postgres.identity import SqlaCompanyRepository, SqlaUserRepository
from adapters.postgres.org_lookup import SqlaOrgUnitLookup
from adapters.postgres.organisation import SqlaOrgUnitQueries, SqlaOrgUnitRepository
from adapters.postgres.session import PgSession, PgUnitOfWork
from adapters.postgres.skills import SqlaSkillQueries, SqlaSkillRepository
from adapters.postgres.tables import candidate_skills, candidates, vacancies, vacancy_skills
from adapters.postgres.tables import events as event_rows
from application.caller import Caller
from application.errors import AlreadyExists, InUse, NotFound, PreconditionFailed
from application.events.recorder import EventRecorder
from application.organisation.create_org_unit import CreateOrgUnit, CreateOrgUnitRequest
from application.organisation.views import OrgUnitView
from application.pagination import Page, Sort
from application.ports.organisation import OrgUnitListCriteria
from application.ports.skills import SkillSearchCriteria
from application.skills.create_skill import CreateSkill, CreateSkillRequest
from domain.identity.company import Company
from domain.identity.role import Role
from domain.identity.user import User
from domain.organisation.org_unit import OrgKind, OrgUnit
from domain.organisation.skill import Skill
from tests.support.fakes import FixedClock, RandomIdGenerator

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
KINDS = list(OrgKind)


def random_ogrn() -> str:
    base = "1" + "".join(secrets.choice("0123456789") for _ in range(11))
    return base + str(int(base) % 11 % 10)


@asynccontextmanager
async def savepoint(session: PgSession) -> AsyncIterator[None]:
    """A failed statement aborts the transaction; a savepoint keeps the test's session usable."""
    connection = await session.connection()
    async with connection.begin_nested():
        yield


async def add_company(session: PgSession) -> UUID:
    company = Company.register(uuid4(), "ООО Ромашка", "Ромашка", random_ogrn(), NOW)
    await SqlaCompanyRepository(session).add(company)
    return company.id


async def committed_caller(engine: AsyncEngine, role: Role) -> Caller:
    """A caller of a committed company who is a committed user (an event names its actor)."""
    pg = PgSession(engine)
    try:
        company_id = await add_company(pg)
        user = await add_user(pg, company_id)
        await pg.commit()
        return Caller(user_id=user.id, company_id=company_id, role=role)
    finally:
        await pg.close()


def events(session: PgSession) -> EventRecorder:
    return EventRecorder(SqlaEventLog(session), FixedClock(), RandomIdGenerator())


async def committed_events(engine: AsyncEngine, company_id: UUID) -> list[tuple[str, UUID]]:
    """The (type, entity id) of every committed event of the company."""
    pg = PgSession(engine)
    try:
        query = select(event_rows.c.type, event_rows.c.entity_id).where(
            event_rows.c.company_id == company_id
        )
        return [tuple(row) for row in await pg.read(query)]
    finally:
        await pg.close()


def make_unit(company_id: UUID, name: str, kind: OrgKind = OrgKind.DEPARTMENT, **at) -> OrgUnit:
    return OrgUnit.create(uuid4(), company_id, kind, name, at.get("now", NOW))


async def add_user(session: PgSession, company_id: UUID, **links: UUID) -> User:
    user = User(
        id=uuid4(),
        company_id=company_id,
        username=f"user-{secrets.token_hex(4)}",
        password_hash="$2b$04$" + "a" * 53,
        role=Role.RECRUITER,
        first_name="Иван",
        last_name="Петров",
        email="ivan@example.com",
        created_at=NOW,
        updated_at=NOW,
        **links,
    )
    await SqlaUserRepository(session).add(user)
    return user


async def add_candidate(session: PgSession, company_id: UUID, author: User, **links) -> UUID:
    candidate_id = uuid4()
    await session.execute(
        insert(candidates).values(
            id=candidate_id,
            company_id=company_id,
            first_name="Анна",
            last_name="Иванова",
            created_by=author.id,
            **links,
        )
    )
    return candidate_id


async def add_vacancy(session: PgSession, company_id: UUID, author: User, **links) -> UUID:
    vacancy_id = uuid4()
    await session.execute(
        insert(vacancies).values(
            id=vacancy_id,
            company_id=company_id,
            employee_count=1,
            priority_code=1,
            created_by=author.id,
            **links,
        )
    )
    return vacancy_id


# --- organisation units: round trip and versions ------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
async def test_a_unit_round_trips_and_is_scoped_to_its_company_and_kind(session, kind):
    company_id = await add_company(session)
    units = SqlaOrgUnitRepository(session)
    unit = make_unit(company_id, "Отдел продаж", kind)
    await units.add(unit)
    assert await units.get(company_id, kind, unit.id) == unit
    assert await units.get(company_id, kind, unit.id, for_update=True) == unit
    assert await units.get(await add_company(session), kind, unit.id) is None
    other_kind = next(k for k in KINDS if k is not kind)
    assert await units.get(company_id, other_kind, unit.id) is None
    view = await SqlaOrgUnitQueries(session).get(company_id, kind, unit.id)
    assert view == OrgUnitView.of(unit)


async def test_save_checks_the_version(session):
    company_id = await add_company(session)
    units = SqlaOrgUnitRepository(session)
    unit = make_unit(company_id, "Sales")
    await units.add(unit)
    unit.rename("Marketing", NOW + timedelta(minutes=1))
    await units.save(unit, expected_version=1)
    stored = await units.get(company_id, unit.kind, unit.id)
    assert stored is not None
    assert (stored.name, stored.version, stored.updated_at) == (
        "Marketing",
        2,
        NOW + timedelta(minutes=1),
    )

    stale = make_unit(company_id, "Support")
    stale.id = unit.id
    stale.version = 2
    with pytest.raises(PreconditionFailed):
        await units.save(stale, expected_version=1)
    gone = make_unit(company_id, "Ghost")
    with pytest.raises(NotFound):
        await units.save(gone, expected_version=1)
    assert (await units.get(company_id, unit.kind, unit.id)).name == "Marketing"


async def test_save_never_touches_another_companys_row(session):
    mine = await add_company(session)
    units = SqlaOrgUnitRepository(session)
    unit = make_unit(mine, "Sales")
    await units.add(unit)
    hijack = make_unit(await add_company(session), "Hacked")
    hijack.id = unit.id
    with pytest.raises(NotFound):
        await units.save(hijack, expected_version=1)
    assert (await units.get(mine, unit.kind, unit.id)).name == "Sales"


async def test_delete_removes_only_the_expected_version(session):
    company_id = await add_company(session)
    units = SqlaOrgUnitRepository(session)
    unit = make_unit(company_id, "Sales")
    await units.add(unit)
    stale = make_unit(company_id, "Sales")
    stale.id, stale.version = unit.id, 5
    with pytest.raises(PreconditionFailed):
        await units.delete(stale)
    await units.delete(unit)
    assert await units.get(company_id, unit.kind, unit.id) is None
    with pytest.raises(NotFound):
        await units.delete(unit)


# --- organisation units: constraint -> error mapping ---------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("twin", ["SALES", "sales", "Sales"])
async def test_a_case_insensitive_duplicate_is_already_exists(session, kind, twin):
    company_id = await add_company(session)
    units = SqlaOrgUnitRepository(session)
    await units.add(make_unit(company_id, "Sales", kind))
    with pytest.raises(AlreadyExists, match=f"a {kind.value} with this name exists"):
        async with savepoint(session):
            await units.add(make_unit(company_id, twin, kind))


async def test_a_rename_onto_a_taken_name_is_already_exists(session):
    company_id = await add_company(session)
    units = SqlaOrgUnitRepository(session)
    await units.add(make_unit(company_id, "Sales"))
    other = make_unit(company_id, "Marketing")
    await units.add(other)
    other.rename("SALES", NOW)
    with pytest.raises(AlreadyExists):
        async with savepoint(session):
            await units.save(other, expected_version=1)


async def test_the_same_name_is_free_in_another_company_and_another_kind(session):
    units = SqlaOrgUnitRepository(session)
    first = await add_company(session)
    await units.add(make_unit(first, "Senior", OrgKind.POSITION))
    await units.add(make_unit(first, "Senior", OrgKind.GRADE))
    await units.add(make_unit(await add_company(session), "senior", OrgKind.POSITION))


async def test_two_concurrent_creates_of_one_name_one_wins_one_already_exists(engine):
    caller = await committed_caller(engine, Role.ADMIN)
    company_id = caller.company_id
    name = f"Race {secrets.token_hex(3)}"
    ready = asyncio.Barrier(2)

    async def create(spelling: str) -> OrgUnitView:
        pg = PgSession(engine)
        try:
            await pg.connection()  # each contender on its own connection, opened up front
            await ready.wait()
            use_case = CreateOrgUnit(
                SqlaOrgUnitRepository(pg),
                FixedClock(),
                RandomIdGenerator(),
                events(pg),
                PgUnitOfWork(pg),
            )
            return await use_case.execute(
                caller, CreateOrgUnitRequest(OrgKind.DEPARTMENT, spelling)
            )
        finally:
            await pg.close()

    results = await asyncio.gather(create(name), create(name.upper()), return_exceptions=True)
    created = [r for r in results if isinstance(r, OrgUnitView)]
    refused = [r for r in results if isinstance(r, AlreadyExists)]
    assert len(created) == 1 and len(refused) == 1, results
    check = PgSession(engine)
    try:
        listed = await SqlaOrgUnitQueries(check).list(
            company_id, OrgKind.DEPARTMENT, OrgUnitListCriteria()
        )
    finally:
        await check.close()
    assert [item.id for item in listed.items] == [created[0].id]
    assert await committed_events(engine, company_id) == [("department.created", created[0].id)]


@pytest.mark.parametrize(
    ("kind", "link"),
    [
        (OrgKind.DEPARTMENT, "department_id"),
        (OrgKind.POSITION, "position_id"),
        (OrgKind.GRADE, "grade_id"),
    ],
)
async def test_deleting_a_unit_a_user_points_at_is_in_use(session, kind, link):
    company_id = await add_company(session)
    units = SqlaOrgUnitRepository(session)
    unit = make_unit(company_id, "Sales", kind)
    await units.add(unit)
    await add_user(session, company_id, **{link: unit.id})
    with pytest.raises(InUse):
        async with savepoint(session):
            await units.delete(unit)
    assert await units.get(company_id, kind, unit.id) == unit


@pytest.mark.parametrize(
    ("kind", "link"), [(OrgKind.POSITION, "position_id"), (OrgKind.GRADE, "grade_id")]
)
async def test_deleting_a_unit_a_candidate_points_at_is_in_use(session, kind, link):
    company_id = await add_company(session)
    author = await add_user(session, company_id)
    units = SqlaOrgUnitRepository(session)
    unit = make_unit(company_id, "Developer", kind)
    await units.add(unit)
    await add_candidate(session, company_id, author, **{link: unit.id})
    with pytest.raises(InUse):
        async with savepoint(session):
            await units.delete(unit)


async def test_deleting_a_department_a_vacancy_points_at_is_in_use(session):
    company_id = await add_company(session)
    author = await add_user(session, company_id)
    units = SqlaOrgUnitRepository(session)
    department = make_unit(company_id, "Sales")
    position = make_unit(company_id, "Manager", OrgKind.POSITION)
    await units.add(department)
    await units.add(position)
    await add_vacancy(
        session, company_id, author, department_id=department.id, position_id=position.id
    )
    for unit in (department, position):
        with pytest.raises(InUse):
            async with savepoint(session):
                await units.delete(unit)


# --- organisation units: the list read model -----------------------------------------------


async def test_the_list_filters_sorts_pages_and_counts_in_sql(session):
    company_id = await add_company(session)
    other_company = await add_company(session)
    units = SqlaOrgUnitRepository(session)
    names = ["beta", "Alpha", "gamma", "100% sales", "under_score"]
    for minute, name in enumerate(names):
        await units.add(make_unit(company_id, name, now=NOW + timedelta(minutes=minute)))
    await units.add(make_unit(other_company, "Alpha"))
    await units.add(make_unit(company_id, "Alpha", OrgKind.GRADE))
    queries = SqlaOrgUnitQueries(session)
    kind = OrgKind.DEPARTMENT

    async def names_of(**criteria) -> tuple[list[str], int]:
        listed = await queries.list(company_id, kind, OrgUnitListCriteria(**criteria))
        return [item.name for item in listed.items], listed.count

    assert await names_of() == (["100% sales", "Alpha", "beta", "gamma", "under_score"], 5)
    assert await names_of(sort=Sort("name", descending=True)) == (
        ["under_score", "gamma", "beta", "Alpha", "100% sales"],
        5,
    )
    assert (await names_of(sort=Sort("created_at")))[0] == names
    assert (await names_of(sort=Sort("created_at", descending=True)))[0] == names[::-1]
    assert await names_of(q="A") == (["100% sales", "Alpha", "beta", "gamma"], 4)
    assert await names_of(q="%") == (["100% sales"], 1)  # wildcards are literal
    assert await names_of(q="_") == (["under_score"], 1)
    assert await names_of(page=Page(limit=2, offset=1)) == (["Alpha", "beta"], 5)
    assert await names_of(page=Page(limit=2, offset=50)) == ([], 5)


# --- skills -----------------------------------------------------------------------------------


async def test_missing_units_are_found_in_one_lookup_and_never_across_companies(session):
    company_id, other_id = await add_company(session), await add_company(session)
    units = SqlaOrgUnitRepository(session)
    position = make_unit(company_id, "Разработчик", OrgKind.POSITION)
    grade = make_unit(other_id, "Senior", OrgKind.GRADE)  # another company's
    for unit in (position, grade):
        await units.add(unit)
    lookup = SqlaOrgUnitLookup(session)
    statements = session.statements
    missing = await lookup.missing(
        company_id,
        {OrgKind.POSITION: position.id, OrgKind.GRADE: grade.id, OrgKind.DEPARTMENT: uuid4()},
    )
    assert missing == {OrgKind.GRADE, OrgKind.DEPARTMENT}
    assert session.statements - statements == 1
    assert await lookup.missing(company_id, {}) == set()


def make_skill(company_id: UUID, name: str) -> Skill:
    return Skill.create(uuid4(), company_id, name, NOW)


async def test_a_skill_round_trips_and_is_scoped_to_its_company(session):
    company_id = await add_company(session)
    skills = SqlaSkillRepository(session)
    skill = make_skill(company_id, " Git  Hub")
    await skills.add(skill)
    assert await skills.get(company_id, skill.id) == skill
    assert await skills.find_by_normalized_name(company_id, "git hub") == skill
    other = await add_company(session)
    assert await skills.get(other, skill.id) is None
    assert await skills.find_by_normalized_name(other, "git hub") is None
    view = await SqlaSkillQueries(session).get(company_id, skill.id)
    assert (view.id, view.name, view.normalized_name) == (skill.id, "Git Hub", "git hub")


async def test_skills_are_found_by_ids_and_names_at_once_within_the_company(session):
    company_id, other_id = await add_company(session), await add_company(session)
    skills = SqlaSkillRepository(session)
    python, sql, theirs = (
        make_skill(company_id, "Python"),
        make_skill(company_id, "SQL"),
        make_skill(other_id, "Go"),
    )
    for skill in (python, sql, theirs):
        await skills.add(skill)
    found = await skills.find_many(company_id, {python.id, theirs.id, uuid4()}, {"sql", "go"})
    assert sorted(s.name for s in found) == ["Python", "SQL"]
    assert await skills.find_many(company_id, (), ()) == []


async def test_normalized_names_are_unique_per_company_but_not_across_companies(session):
    skills = SqlaSkillRepository(session)
    first = await add_company(session)
    await skills.add(make_skill(first, "Git Hub"))
    with pytest.raises(AlreadyExists, match="a skill with this name exists"):
        async with savepoint(session):
            await skills.add(make_skill(first, " git   HUB "))
    second = await add_company(session)
    twin = make_skill(second, "Git Hub")
    await skills.add(twin)
    assert await skills.get(second, twin.id) == twin


async def test_add_or_get_returns_the_stored_skill_for_an_equal_name(session):
    company_id = await add_company(session)
    skills = SqlaSkillRepository(session)
    original = make_skill(company_id, "PostgreSQL")
    assert await skills.add_or_get(original) == original
    again = await skills.add_or_get(make_skill(company_id, "postgresql"))
    assert again == original


async def test_two_concurrent_adds_of_one_skill_both_get_the_same_row(engine):
    caller = await committed_caller(engine, Role.RECRUITER)
    ready = asyncio.Barrier(2)

    async def create(spelling: str):
        pg = PgSession(engine)
        try:
            await pg.connection()
            await ready.wait()
            use_case = CreateSkill(
                SqlaSkillRepository(pg),
                FixedClock(),
                RandomIdGenerator(),
                events(pg),
                PgUnitOfWork(pg),
            )
            return await use_case.execute(caller, CreateSkillRequest(spelling))
        finally:
            await pg.close()

    first, second = await asyncio.gather(create("Kubernetes"), create(" KUBERNETES "))
    assert first.skill.id == second.skill.id
    assert sorted([first.created, second.created]) == [False, True]
    assert await committed_events(engine, caller.company_id) == [("skill.created", first.skill.id)]


@pytest.mark.parametrize(
    ("link_table", "owner"), [(candidate_skills, "candidate"), (vacancy_skills, "vacancy")]
)
async def test_deleting_a_skill_a_candidate_or_vacancy_has_is_in_use(session, link_table, owner):
    company_id = await add_company(session)
    author = await add_user(session, company_id)
    skills = SqlaSkillRepository(session)
    skill = make_skill(company_id, "Python")
    await skills.add(skill)
    if owner == "candidate":
        owner_id = await add_candidate(session, company_id, author)
        values = {"candidate_id": owner_id}
    else:
        units = SqlaOrgUnitRepository(session)
        department = make_unit(company_id, "IT")
        position = make_unit(company_id, "Developer", OrgKind.POSITION)
        await units.add(department)
        await units.add(position)
        owner_id = await add_vacancy(
            session, company_id, author, department_id=department.id, position_id=position.id
        )
        values = {"vacancy_id": owner_id}
    await session.execute(
        insert(link_table).values(company_id=company_id, skill_id=skill.id, **values)
    )
    with pytest.raises(InUse):
        async with savepoint(session):
            await skills.delete(company_id, skill.id)
    assert await skills.get(company_id, skill.id) == skill


async def test_delete_removes_only_the_callers_skill(session):
    company_id = await add_company(session)
    skills = SqlaSkillRepository(session)
    skill = make_skill(company_id, "Python")
    await skills.add(skill)
    with pytest.raises(NotFound):
        await skills.delete(await add_company(session), skill.id)
    await skills.delete(company_id, skill.id)
    assert await skills.get(company_id, skill.id) is None


async def test_search_puts_prefix_matches_first_and_escapes_wildcards(session):
    company_id = await add_company(session)
    skills = SqlaSkillRepository(session)
    for name in ["CPython", "Python", "Jython", "pytest", "Go", "MicroPython", "100% py", "a_b"]:
        await skills.add(make_skill(company_id, name))
    await skills.add(make_skill(await add_company(session), "Pyramid"))
    queries = SqlaSkillQueries(session)

    async def names_of(q: str, page: Page | None = None) -> tuple[list[str], int]:
        criteria = SkillSearchCriteria(q=q, page=page or Page(limit=20))
        found = await queries.search(company_id, criteria)
        return [item.name for item in found.items], found.count

    assert await names_of("py") == (["pytest", "Python", "100% py", "CPython", "MicroPython"], 5)
    assert await names_of("%") == (["100% py"], 1)
    assert await names_of("_") == (["a_b"], 1)
    assert (await names_of(""))[1] == 8
    assert await names_of("py", Page(limit=2, offset=1)) == (["Python", "100% py"], 5)
    assert await names_of("py", Page(limit=2, offset=9)) == ([], 5)
