"""The live-candidate counter (`candidate_counts`, kept by statement triggers on `candidates`) on
real PostgreSQL: it equals a count of the live rows after every kind of write, also rolled back
and concurrent ones, and the unfiltered candidate list reports it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql

from adapters.postgres.candidate_queries import SqlaCandidateQueries
from adapters.postgres.candidates import SqlaCandidateRepository
from adapters.postgres.session import PgSession
from adapters.postgres.tables import candidate_counts, candidates
from application.candidates.views import (
    CANDIDATE_SORTS,
    DEFAULT_CANDIDATE_SORT,
    CandidateFilters,
    CandidateList,
)
from application.pagination import Page, Sort
from domain.candidates.candidate import Candidate
from tests.support.candidate_companies import Company, add_company

pytestmark = pytest.mark.asyncio(loop_scope="session")

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
WRITERS, CREATES_EACH = 8, 10
LAST_NAMES = ("Петров", "Иванов", "Сидоров", "Кузнецов")


def new_candidate(company: Company, last_name: str = "Петров") -> Candidate:
    return Candidate.create(
        id=uuid4(),
        company_id=company.id,
        created_by=company.user_id,
        now=NOW,
        today=TODAY,
        new_id=uuid4,
        first_name="Иван",
        last_name=last_name,
        min_salary=100_000,
    )


def candidate_row(company: Company, *, deleted: bool = False) -> dict:
    return {
        "id": uuid4(),
        "company_id": company.id,
        "first_name": "Анна",
        "last_name": "Сидорова",
        "created_by": company.user_id,
        "deleted_at": NOW if deleted else None,
    }


async def counter(session: PgSession, company: Company) -> int:
    """What the counter says: the sum of the company's slots."""
    total = select(func.coalesce(func.sum(candidate_counts.c.live), 0)).where(
        candidate_counts.c.company_id == company.id
    )
    return (await session.execute(total)).scalar_one()


async def live_rows(session: PgSession, company: Company) -> int:
    count = select(func.count()).where(
        candidates.c.company_id == company.id, candidates.c.deleted_at.is_(None)
    )
    return (await session.execute(count)).scalar_one()


async def assert_counted(session: PgSession, company: Company, expected: int) -> None:
    assert await live_rows(session, company) == expected
    assert await counter(session, company) == expected


async def counter_versions(session: PgSession, company: Company) -> set[tuple[int, str]]:
    """The physical versions of the company's counter rows: any write makes a new one."""
    rows = await session.execute(
        text("SELECT slot, ctid::text FROM candidate_counts WHERE company_id = :company_id"),
        {"company_id": company.id},
    )
    return {(row.slot, row.ctid) for row in rows}


# --- every kind of write --------------------------------------------------------------------------


async def test_the_counter_follows_creates_deletes_restores_and_patches(session):
    company = await add_company(session)
    await assert_counted(session, company, 0)
    repository = SqlaCandidateRepository(session)
    created = [new_candidate(company, name) for name in LAST_NAMES[:3]]
    for candidate in created:
        await repository.add(candidate)
    await assert_counted(session, company, 3)

    first = created[0]
    first.soft_delete(NOW)
    await repository.save(first, expected_version=1)
    await assert_counted(session, company, 2)

    first.restore(NOW + timedelta(minutes=1))
    await repository.save(first, expected_version=2)
    await assert_counted(session, company, 3)

    # A PATCH that leaves deleted_at alone changes no live state: no counter row is written.
    before = await counter_versions(session, company)
    second = created[1]
    second.update({"middle_name": "Иванович"}, now=NOW, today=TODAY, new_id=uuid4)
    await repository.save(second, expected_version=1)
    assert await counter_versions(session, company) == before
    await assert_counted(session, company, 3)

    second.soft_delete(NOW)
    await repository.save(second, expected_version=2)
    await assert_counted(session, company, 2)
    # deleting a deleted candidate again changes nothing
    await session.execute(
        update(candidates).where(candidates.c.id == second.id).values(deleted_at=NOW)
    )
    await assert_counted(session, company, 2)


async def test_a_hard_delete_subtracts_only_the_live_rows(session):
    company = await add_company(session)
    live, gone, kept = (
        candidate_row(company),
        candidate_row(company, deleted=True),
        candidate_row(company),
    )
    await session.execute(insert(candidates), [live, gone, kept])
    await assert_counted(session, company, 2)

    await session.execute(delete(candidates).where(candidates.c.id.in_([live["id"], gone["id"]])))
    await assert_counted(session, company, 1)


async def test_one_statement_spanning_two_companies_counts_each(session):
    first, second = await add_company(session), await add_company(session)
    rows = [
        candidate_row(first),
        candidate_row(second),
        candidate_row(first, deleted=True),
        candidate_row(first),
        candidate_row(second, deleted=True),
    ]
    await session.execute(insert(candidates), rows)
    multi = insert(candidates).values([candidate_row(first), candidate_row(second)])
    await session.execute(multi)  # one multi-row INSERT, both companies
    await assert_counted(session, first, 3)
    await assert_counted(session, second, 2)

    # one UPDATE restoring the deleted rows of both companies, then one soft-deleting them all
    await session.execute(
        update(candidates)
        .where(candidates.c.company_id.in_([first.id, second.id]))
        .values(deleted_at=None)
    )
    await assert_counted(session, first, 4)
    await assert_counted(session, second, 3)
    await session.execute(
        update(candidates)
        .where(candidates.c.company_id.in_([first.id, second.id]))
        .values(deleted_at=NOW)
    )
    await assert_counted(session, first, 0)
    await assert_counted(session, second, 0)


async def test_a_rolled_back_transaction_leaves_the_counter_as_it_was(engine):
    setup = PgSession(engine)
    try:
        company = await add_company(setup)
        repository = SqlaCandidateRepository(setup)
        kept = [new_candidate(company) for _ in range(2)]
        for candidate in kept:
            await repository.add(candidate)
        await setup.commit()
    finally:
        await setup.close()

    undone = PgSession(engine)
    try:
        repository = SqlaCandidateRepository(undone)
        for _ in range(3):
            await repository.add(new_candidate(company))
        loaded = await repository.get(company.id, kept[0].id, for_update=True)
        assert loaded is not None
        loaded.soft_delete(NOW)
        await repository.save(loaded, expected_version=1)
        await assert_counted(undone, company, 4)
        await undone.rollback()
    finally:
        await undone.close()

    check = PgSession(engine)
    try:
        await assert_counted(check, company, 2)
    finally:
        await check.close()


async def test_concurrent_creates_of_one_company_all_count(engine):
    setup = PgSession(engine)
    try:
        company = await add_company(setup)
        await setup.commit()
    finally:
        await setup.close()

    backends: set[int] = set()

    async def writer() -> None:
        for _ in range(CREATES_EACH):
            session = PgSession(engine)
            try:
                await SqlaCandidateRepository(session).add(new_candidate(company))
                pid = await session.execute(select(func.pg_backend_pid()))
                backends.add(pid.scalar_one())
                await session.commit()
            finally:
                await session.close()

    await asyncio.gather(*(writer() for _ in range(WRITERS)))

    check = PgSession(engine)
    try:
        await assert_counted(check, company, WRITERS * CREATES_EACH)
        slots = await check.execute(
            select(candidate_counts.c.slot).where(candidate_counts.c.company_id == company.id)
        )
        # each create wrote the slot of the backend that ran it, and no other
        assert set(slots.scalars()) == {pid % 16 for pid in backends}
    finally:
        await check.close()


# --- the list reports it --------------------------------------------------------------------------


async def listed(
    session: PgSession, company: Company, filters: CandidateFilters | None = None
) -> CandidateList:
    found = await SqlaCandidateQueries(session).list(
        company.id,
        filters or CandidateFilters(),
        Page(limit=2),
        Sort.parse(None, CANDIDATE_SORTS, DEFAULT_CANDIDATE_SORT),
        TODAY,
    )
    return found.decoded()


async def test_the_unfiltered_list_counts_what_is_live(session):
    company = await add_company(session)
    other = await add_company(session)
    repository = SqlaCandidateRepository(session)
    created = [new_candidate(company, name) for name in LAST_NAMES]
    for candidate in created:
        await repository.add(candidate)
    await repository.add(new_candidate(other))
    assert (await listed(session, company)).count == 4
    assert (await listed(session, other)).count == 1

    created[0].soft_delete(NOW)
    await repository.save(created[0], expected_version=1)
    page = await listed(session, company)
    assert page.count == 3 and len(page.items) == 2

    created[0].restore(NOW)
    await repository.save(created[0], expected_version=2)
    assert (await listed(session, company)).count == 4

    # filtered lists still count their matches, selective or not
    assert (await listed(session, company, CandidateFilters(last_name="кузнец"))).count == 1
    assert (await listed(session, company, CandidateFilters(salary_from=100_000))).count == 4
    assert (await listed(session, company, CandidateFilters(salary_from=100_001))).count == 0

    # an empty company has no counter row at all, and counts zero
    assert (await listed(session, await add_company(session))).count == 0


async def test_only_the_unfiltered_list_reads_the_counter(session):
    """The counter is what the unfiltered list reports (a skewed counter shows), and any filter
    counts the rows instead."""
    company = await add_company(session)
    await SqlaCandidateRepository(session).add(new_candidate(company))
    await session.execute(
        update(candidate_counts)
        .where(candidate_counts.c.company_id == company.id)
        .values(live=candidate_counts.c.live + 100)
    )
    assert (await listed(session, company)).count == 101
    assert (await listed(session, company, CandidateFilters(salary_to=200_000))).count == 1

    sort = Sort.parse(None, CANDIDATE_SORTS, DEFAULT_CANDIDATE_SORT)
    for filters, reads_counter in (
        (CandidateFilters(), True),
        (CandidateFilters(created_from=TODAY), False),
        (CandidateFilters(q="иван"), False),
    ):
        statement, _ = SqlaCandidateQueries.list_statement(company.id, filters, Page(), sort)
        sql = str(statement.compile(dialect=postgresql.dialect()))
        assert ("candidate_counts" in sql) is reads_counter
