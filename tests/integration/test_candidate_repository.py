"""SqlaCandidateRepository on the migrated PostgreSQL schema: the aggregate round-trips with
every child, saves write only differences in a fixed number of statements, versions are
checked, and concurrent writers of one candidate never both win."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.candidates import SqlaCandidateRepository
from adapters.postgres.reference_catalog import SqlaReferenceCatalog
from adapters.postgres.session import PgSession
from adapters.postgres.tables import candidates
from application.errors import NotFound, PreconditionFailed
from domain.candidates.candidate import Candidate
from domain.candidates.contacts import ContactDraft
from domain.candidates.languages import LanguageDraft
from domain.candidates.work_places import WorkPlaceDraft
from tests.support.candidate_companies import (
    EMAIL,
    HOME_PHONE,
    MOBILE,
    NOW,
    TODAY,
    add_company,
    full_candidate,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_a_candidate_round_trips_with_every_child(session):
    company = await add_company(session)
    repository = SqlaCandidateRepository(session)
    candidate = full_candidate(company)
    await repository.add(candidate)
    loaded = await SqlaCandidateRepository(session).get(company.id, candidate.id)
    assert loaded == candidate
    search = await session.execute(
        select(candidates.c.search_text).where(candidates.c.id == candidate.id)
    )
    text = search.scalar_one()
    for fragment in ("o'neil", "елкина", "+79161234567", "python", "initech", "strong candidate"):
        assert fragment in text


async def test_save_writes_added_changed_and_removed_children(session):
    company = await add_company(session)
    await SqlaCandidateRepository(session).add(full_candidate(company))
    candidate_id = (await session.execute(select(candidates.c.id).where(
        candidates.c.company_id == company.id))).scalar_one()  # fmt: skip
    repository = SqlaCandidateRepository(session)
    candidate = await repository.get(company.id, candidate_id, for_update=True)
    assert candidate is not None
    email, mobile, telegram = candidate.contacts
    russian, english = candidate.languages
    old, current = candidate.work_places
    changed = candidate.update(
        {
            "first_name": "Анна",
            "min_salary": None,
            # the priority moves from the email to the phone; telegram goes, a new one comes
            "contacts": [
                ContactDraft(MOBILE, "+79160000000", is_priority=True, id=mobile.id),
                ContactDraft(EMAIL, "anna@example.com", id=email.id),
                ContactDraft(HOME_PHONE, "+74950000000"),
            ],
            "work_places": [
                WorkPlaceDraft("Lead", "Initech", date(2019, 1, 1), date(2025, 1, 1), id=current.id)
            ],
            # the two entries swap languages: trips a naive UPDATE on the unique index
            "languages": [LanguageDraft(2, 6, id=russian.id), LanguageDraft(1, 4, id=english.id)],
            "skill_ids": [company.skill_ids[1], company.skill_ids[2]],
        },
        now=NOW + timedelta(hours=1),
        today=TODAY,
        new_id=uuid4,
    )
    assert changed and candidate.version == 2
    statements = session.statements
    await repository.save(candidate, expected_version=1)
    # parent; contacts delete+update+insert; work places delete+update; languages delete+insert;
    # skills delete+insert; search text; the card's stored lists
    assert session.statements - statements == 12
    reloaded = await SqlaCandidateRepository(session).get(company.id, candidate_id)
    assert reloaded == candidate
    assert telegram.id not in {c.id for c in reloaded.contacts}
    assert old.id not in {w.id for w in reloaded.work_places}


async def test_save_with_nothing_but_the_parent_changed_writes_two_statements(session):
    company = await add_company(session)
    candidate = full_candidate(company)
    repository = SqlaCandidateRepository(session)
    await repository.add(candidate)
    candidate.update({"middle_name": None}, now=NOW, today=TODAY, new_id=uuid4)
    statements = session.statements
    await repository.save(candidate, expected_version=1)
    assert session.statements - statements == 2  # the parent and the search text


async def test_a_stale_version_is_refused_and_a_missing_row_is_not_found(session):
    company = await add_company(session)
    candidate = full_candidate(company)
    repository = SqlaCandidateRepository(session)
    await repository.add(candidate)
    candidate.update({"middle_name": None}, now=NOW, today=TODAY, new_id=uuid4)
    with pytest.raises(PreconditionFailed):
        await repository.save(candidate, expected_version=7)
    await repository.save(candidate, expected_version=1)
    ghost = full_candidate(company)
    with pytest.raises(NotFound):
        await repository.save(ghost, expected_version=1)
    stranger = Candidate(**{**_fields(candidate), "company_id": uuid4()})
    with pytest.raises(NotFound):
        await repository.save(stranger, expected_version=2)


def _fields(candidate: Candidate) -> dict:
    return {name: getattr(candidate, name) for name in Candidate.__dataclass_fields__}


async def test_tenancy_and_soft_delete_on_load(session):
    company = await add_company(session)
    candidate = full_candidate(company)
    repository = SqlaCandidateRepository(session)
    await repository.add(candidate)
    assert await repository.get(uuid4(), candidate.id) is None
    candidate.soft_delete(NOW)
    await repository.save(candidate, expected_version=1)
    assert await repository.get(company.id, candidate.id) is None
    deleted = await repository.get(company.id, candidate.id, include_deleted=True)
    assert deleted is not None and deleted.deleted_at == NOW and deleted.version == 2
    deleted.restore(NOW)
    await repository.save(deleted, expected_version=2)
    assert await repository.get(company.id, candidate.id) == deleted


async def test_the_reference_catalog_lists_live_codes_only(session):
    catalog = SqlaReferenceCatalog(session)
    addresses = await catalog.live_codes("addresses")
    assert 1 not in addresses and 2 in addresses
    assert await catalog.live_codes("contact-types") == {1, 2, 3, 4, 5, 6}
    assert await catalog.live_codes("no-such-reference") == set()


# --- concurrency: committed data, one session per writer ------------------------------------


async def _committed_candidate(engine: AsyncEngine) -> Candidate:
    setup = PgSession(engine)
    try:
        company = await add_company(setup)
        candidate = full_candidate(company)
        await SqlaCandidateRepository(setup).add(candidate)
        await setup.commit()
    finally:
        await setup.close()
    return candidate


async def test_two_concurrent_saves_of_one_version_let_exactly_one_win(engine):
    candidate = await _committed_candidate(engine)
    first, second = PgSession(engine), PgSession(engine)

    async def write(session: PgSession, middle_name: str) -> str:
        repository = SqlaCandidateRepository(session)
        loaded = await repository.get(candidate.company_id, candidate.id)
        assert loaded is not None and loaded.version == 1
        await asyncio.sleep(0.05)  # both have read version 1 before either writes
        loaded.update({"middle_name": middle_name}, now=NOW, today=TODAY, new_id=uuid4)
        try:
            await repository.save(loaded, expected_version=1)
            await asyncio.sleep(0.1)  # hold the row while the other writer arrives
            await session.commit()
            return "saved"
        except PreconditionFailed:
            return "refused"

    try:
        results = await asyncio.gather(write(first, "Первая"), write(second, "Вторая"))
    finally:
        await first.close()
        await second.close()
    assert sorted(results) == ["refused", "saved"]
    check = PgSession(engine)
    try:
        stored = await SqlaCandidateRepository(check).get(candidate.company_id, candidate.id)
    finally:
        await check.close()
    assert stored is not None and stored.version == 2
    winner = "Первая" if results[0] == "saved" else "Вторая"
    assert stored.middle_name == winner


async def test_a_locking_read_waits_for_the_writer_before_it(engine):
    candidate = await _committed_candidate(engine)
    first, second = PgSession(engine), PgSession(engine)
    try:
        holder = await SqlaCandidateRepository(first).get(
            candidate.company_id, candidate.id, for_update=True
        )
        assert holder is not None
        waiting = asyncio.create_task(
            SqlaCandidateRepository(second).get(candidate.company_id, candidate.id, for_update=True)
        )
        await asyncio.sleep(0.2)
        assert not waiting.done()
        changes = {
            "last_name": "Первая",
            "contacts": [ContactDraft(EMAIL, "new@example.com", is_priority=True)],
            "skill_ids": [],
        }
        holder.update(changes, now=NOW, today=TODAY, new_id=uuid4)
        await SqlaCandidateRepository(first).save(holder, expected_version=1)
        await first.commit()
        after = await asyncio.wait_for(waiting, timeout=5)
        # the children too are the ones the writer committed, not those before the wait
        assert after == holder
    finally:
        await first.close()
        await second.close()
