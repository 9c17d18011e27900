"""The user list and the organisation lookup on the migrated PostgreSQL schema: filters, sorts,
pagination and tenancy as SQL does them. Each test works in one transaction that is never
committed, so nothing it writes outlives it."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
import pytest_asyncio
from sqlalchemy import insert

from adapters.postgres.engine import create_engine
from adapters.postgres.identity import SqlaCompanyRepository, SqlaUserRepository
from adapters.postgres.org_lookup import TABLES, SqlaOrgUnitLookup
from adapters.postgres.queries import SqlaUserQueries
from adapters.postgres.session import PgSession
from application.pagination import Page, Sort
from application.ports.user_queries import USER_SORT_FIELDS, UserFilter
from application.views import NamedRef
from domain.identity.company import Company
from domain.identity.role import Role
from domain.identity.user import User
from domain.organisation.org_unit import OrgKind

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def random_ogrn() -> str:
    base = "1" + "".join(secrets.choice("0123456789") for _ in range(11))
    return base + str(int(base) % 11 % 10)


@pytest_asyncio.fixture(loop_scope="session")
async def session(migrated_database_url: str) -> AsyncIterator[PgSession]:
    engine = create_engine(migrated_database_url, pool_size=2, timeout_seconds=5)
    pg = PgSession(engine)
    try:
        yield pg
    finally:
        await pg.close()  # rolls back
        await engine.dispose()


async def add_company(session: PgSession) -> UUID:
    company = Company.register(uuid4(), "ООО Ромашка", "Ромашка", random_ogrn(), NOW)
    await SqlaCompanyRepository(session).add(company)
    return company.id


async def add_unit(session: PgSession, company_id: UUID, kind: OrgKind, name: str) -> UUID:
    unit_id = uuid4()
    await session.execute(insert(TABLES[kind]).values(id=unit_id, company_id=company_id, name=name))
    return unit_id


async def add_user(session: PgSession, company_id: UUID, minute: int, **changes: Any) -> User:
    tag = secrets.token_hex(4)
    values: dict[str, Any] = {
        "id": uuid4(),
        "company_id": company_id,
        "username": f"user-{tag}",
        "password_hash": "$2b$04$" + "a" * 53,
        "role": Role.EMPLOYEE,
        "first_name": "Иван",
        "last_name": "Петров",
        "email": f"user-{tag}@example.com",
        "created_at": NOW + timedelta(minutes=minute),
        "updated_at": NOW + timedelta(minutes=minute),
    }
    values.update(changes)
    user = User(**values)
    await SqlaUserRepository(session).add(user)
    return user


async def directory(session: PgSession) -> dict[str, Any]:
    """Five users of one company (created a minute apart) and one of another company."""
    company_id = await add_company(session)
    sales = await add_unit(session, company_id, OrgKind.DEPARTMENT, "Продажи")
    developer = await add_unit(session, company_id, OrgKind.POSITION, "Разработчик")
    senior = await add_unit(session, company_id, OrgKind.GRADE, "Senior")
    people: dict[str, Any] = {"company_id": company_id, "sales": sales}
    rows = [
        ("zoe", "Adams", "Zoe", None, Role.RECRUITER, sales),
        ("ivan", "Петров", "Иван", "Сергеевич", Role.MANAGER, None),
        ("anna_k", "Кузнецова", "Анна", None, Role.RECRUITER, sales),
        ("boris", "Борисов", "Борис", "Иванович", Role.CUSTOMER, None),
        ("petr", "Петров", "Пётр", None, Role.EMPLOYEE, None),
    ]
    # Ids in reverse of creation order, so "ties by id" is not "ties by creation".
    ids = sorted((uuid4() for _ in rows), reverse=True)
    for minute, (username, last, first, middle, role, department) in enumerate(rows):
        user = await add_user(
            session,
            company_id,
            minute,
            id=ids[minute],
            username=f"{username}-{secrets.token_hex(3)}",
            last_name=last,
            first_name=first,
            middle_name=middle,
            role=role,
            department_id=department,
            position_id=developer if username == "zoe" else None,
            grade_id=senior if username == "zoe" else None,
            email=f"{username}@corp.example",
        )
        people[username] = user
    other_company = await add_company(session)
    await add_user(session, other_company, 0, last_name="Петров", email="ivan@corp.example")
    people["developer"], people["senior"] = developer, senior
    return people


async def names(
    session: PgSession,
    company_id: UUID,
    sort: str = "created_at",
    limit: int = 50,
    offset: int = 0,
    **filters: Any,
) -> tuple[list[str], int]:
    result = await SqlaUserQueries(session).list(
        company_id,
        UserFilter(**filters),
        Sort.parse(sort, USER_SORT_FIELDS, "created_at"),
        Page(limit, offset),
    )
    return [user.username.split("-")[0] for user in result.items], result.count


async def test_the_list_holds_full_views_of_the_companys_users_only(session):
    people = await directory(session)
    result = await SqlaUserQueries(session).list(
        people["company_id"], UserFilter(), Sort("created_at"), Page()
    )
    assert result.count == 5
    assert [view.id for view in result.items] == [
        people[name].id for name in ("zoe", "ivan", "anna_k", "boris", "petr")
    ]
    zoe = result.items[0]
    assert zoe.department == NamedRef(people["sales"], "Продажи")
    assert zoe.position == NamedRef(people["developer"], "Разработчик")
    assert zoe.grade == NamedRef(people["senior"], "Senior")
    assert zoe.role_code == "recruiter" and zoe.email == "zoe@corp.example"
    assert result.items[1].department is None and result.items[1].middle_name == "Сергеевич"


async def test_the_list_sorts_by_each_field_both_ways_with_ties_by_id(session):
    people = await directory(session)
    company = people["company_id"]
    assert await names(session, company) == (["zoe", "ivan", "anna_k", "boris", "petr"], 5)
    assert await names(session, company, "-created_at") == (
        ["petr", "boris", "anna_k", "ivan", "zoe"],
        5,
    )
    # Two Петров: ivan's id is the greater one (ids were handed out in reverse).
    assert people["ivan"].id > people["petr"].id
    ascending, _ = await names(session, company, "last_name")
    assert ascending[0] == "zoe"  # Latin before Cyrillic
    assert ascending[-2:] == ["petr", "ivan"]
    descending, _ = await names(session, company, "-last_name")
    assert descending == list(reversed(ascending))


async def test_the_list_filters_by_role_department_and_text(session):
    people = await directory(session)
    company = people["company_id"]
    assert await names(session, company, role=Role.RECRUITER) == (["zoe", "anna_k"], 2)
    assert await names(session, company, department_id=people["sales"]) == (["zoe", "anna_k"], 2)
    assert await names(session, company, role=Role.MANAGER, department_id=people["sales"]) == (
        [],
        0,
    )
    assert await names(session, company, text="петров") == (["ivan", "petr"], 2)  # last name
    assert await names(session, company, text="борис") == (["boris"], 1)  # first name
    assert await names(session, company, text="сергеевич") == (["ivan"], 1)  # middle name
    assert await names(session, company, text="anna_k@corp") == (["anna_k"], 1)  # email
    assert await names(session, company, text="zoe-") == (["zoe"], 1)  # username
    assert await names(session, company, text="петров иван") == (["ivan"], 1)  # "last first"
    assert await names(session, company, text="%") == ([], 0)  # no LIKE wildcards
    assert await names(session, company, text="zo_") == ([], 0)  # `_` is no wildcard either
    assert await names(session, company, department_id=uuid4()) == ([], 0)


async def test_the_list_pages_with_the_total_count(session):
    people = await directory(session)
    company = people["company_id"]
    assert await names(session, company, limit=2) == (["zoe", "ivan"], 5)
    assert await names(session, company, limit=2, offset=2) == (["anna_k", "boris"], 5)
    assert await names(session, company, limit=2, offset=4) == (["petr"], 5)
    assert await names(session, company, offset=5) == ([], 5)
    assert await names(session, company, offset=10_000, role=Role.RECRUITER) == ([], 2)


@pytest.mark.parametrize("kind", list(OrgKind))
async def test_the_lookup_knows_only_the_companys_own_units(session, kind):
    mine, theirs = await add_company(session), await add_company(session)
    unit = await add_unit(session, mine, kind, "Отдел")
    lookup = SqlaOrgUnitLookup(session)
    assert await lookup.exists(mine, kind, unit)
    assert not await lookup.exists(theirs, kind, unit)
    assert not await lookup.exists(mine, kind, uuid4())
    other_kind = next(k for k in OrgKind if k is not kind)
    assert not await lookup.exists(mine, other_kind, unit)


async def test_the_ids_filter_keeps_only_the_named_users_of_the_company(session):
    people = await directory(session)
    company = people["company_id"]
    wanted = (people["boris"].id, people["zoe"].id, uuid4())
    assert await names(session, company, ids=wanted) == (["zoe", "boris"], 2)
    assert await names(session, uuid4(), ids=wanted) == ([], 0)
