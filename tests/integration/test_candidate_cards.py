"""The stored card lists (`candidate_cards`) on real PostgreSQL: after every kind of write they
equal what the child rows build, the migration fills them the same way, and a card whose stored
row is missing is still whole."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest
from sqlalchemy import delete, select, text

from adapters.postgres.candidate_children import STORED, built_children
from adapters.postgres.candidate_queries import SqlaCandidateQueries
from adapters.postgres.candidates import SqlaCandidateRepository
from adapters.postgres.session import PgSession
from adapters.postgres.tables import candidate_cards, candidates
from domain.candidates.contacts import ContactDraft
from domain.candidates.languages import LanguageDraft
from domain.candidates.work_places import WorkPlaceDraft
from tests.support.candidate_companies import (
    MOBILE,
    NOW,
    TODAY,
    Company,
    add_company,
    full_candidate,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")

MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "migrations"
    / "versions"
    / "2026_11_29_0005_candidate_cards.py"
)


async def stored(session: PgSession, company_id: UUID, candidate_id: UUID) -> dict[str, Any]:
    row = (
        await session.execute(
            select(*(candidate_cards.c[name] for name in STORED)).where(
                candidate_cards.c.company_id == company_id,
                candidate_cards.c.candidate_id == candidate_id,
            )
        )
    ).one()
    return dict(row._mapping)


async def built(session: PgSession, company_id: UUID, candidate_id: UUID) -> dict[str, Any]:
    lists = built_children(candidates.c.id)
    row = (
        await session.execute(
            select(*(lists[name].label(name) for name in STORED)).where(
                candidates.c.company_id == company_id, candidates.c.id == candidate_id
            ),
            {"company_id": company_id},
        )
    ).one()
    return dict(row._mapping)


async def assert_stored_is_built(session: PgSession, company: Company, candidate_id: UUID) -> None:
    assert await stored(session, company.id, candidate_id) == await built(
        session, company.id, candidate_id
    )


async def test_the_stored_lists_follow_every_kind_of_write(session):
    company = await add_company(session)
    repository = SqlaCandidateRepository(session)
    candidate = full_candidate(company)
    await repository.add(candidate)
    await assert_stored_is_built(session, company, candidate.id)
    first = await stored(session, company.id, candidate.id)
    assert [c["value"] for c in first["contacts"]] == ["anna@example.com", "+79161234567", "@anna"]
    assert [s["name"] for s in first["skills"]] == ["Python", "SQL"]

    changes: list[dict[str, Any]] = [
        {"contacts": [ContactDraft(MOBILE, "+79160000000", is_priority=True)]},
        {"work_places": [WorkPlaceDraft("CTO", "Globex", date(2020, 2, 1))]},
        {"languages": [LanguageDraft(3, 2)]},
        {"skill_ids": [company.skill_ids[2]]},
        {"first_name": "Анна"},  # no stored list changes
    ]
    for change in changes:
        loaded = await repository.get(company.id, candidate.id, for_update=True)
        assert loaded is not None
        version = loaded.version
        loaded.update(change, now=NOW, today=TODAY, new_id=uuid4)
        await repository.save(loaded, expected_version=version)
        await assert_stored_is_built(session, company, candidate.id)
    final = await stored(session, company.id, candidate.id)
    assert [c["value"] for c in final["contacts"]] == ["+79160000000"]
    assert [w["company"] for w in final["work_places"]] == ["Globex"]
    assert [x["language"]["code"] for x in final["languages"]] == [3]
    assert [s["name"] for s in final["skills"]] == ["Docker"]


async def test_a_card_without_its_stored_row_is_still_whole(session):
    company = await add_company(session)
    candidate = full_candidate(company)
    await SqlaCandidateRepository(session).add(candidate)
    queries = SqlaCandidateQueries(session)
    with_store = await queries.get(company.id, candidate.id, TODAY)
    await session.execute(delete(candidate_cards).where(candidate_cards.c.company_id == company.id))
    without_store = await queries.get(company.id, candidate.id, TODAY)
    assert with_store is not None and without_store is not None
    assert msgspec.to_builtins(without_store) == msgspec.to_builtins(with_store)
    assert len(with_store.contacts) == 3 and len(with_store.skills) == 2


async def test_the_migration_fills_the_store_as_the_adapter_builds_it(session):
    spec = importlib.util.spec_from_file_location("candidate_cards_migration", MIGRATION)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    company = await add_company(session)
    repository = SqlaCandidateRepository(session)
    ids = []
    for _ in range(3):
        candidate = full_candidate(company)
        await repository.add(candidate)
        ids.append(candidate.id)
    before = {i: await stored(session, company.id, i) for i in ids}
    await session.execute(delete(candidate_cards))  # as before the migration: no stored rows
    await session.execute(text(migration.BACKFILL))
    for candidate_id in ids:
        assert await stored(session, company.id, candidate_id) == before[candidate_id]
        await assert_stored_is_built(session, company, candidate_id)
