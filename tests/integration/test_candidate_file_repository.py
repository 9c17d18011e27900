"""The candidate files repository, on PostgreSQL and in memory alike: scoped to the company and
the candidate, newest first, live content unique, soft delete kept."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
import pytest_asyncio

from adapters.memory.candidate_files import InMemoryCandidateFileRepository
from adapters.memory.store import InMemoryStore
from adapters.postgres.candidate_files import SqlaCandidateFileRepository
from adapters.postgres.candidates import SqlaCandidateRepository
from application.errors import AlreadyExists
from domain.candidates.files import CandidateFile, FileKind, FileType
from tests.support.candidate_companies import NOW, add_company, full_candidate

pytestmark = pytest.mark.asyncio(loop_scope="session")


def a_file(candidate_id: UUID, user_id: UUID, content: bytes, minutes: int = 0) -> CandidateFile:
    file_id = uuid4()
    return CandidateFile(
        id=file_id,
        candidate_id=candidate_id,
        kind=FileKind.RESUME,
        file_name="Резюме.pdf",
        content_type=FileType.PDF,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        storage_key=f"c/{candidate_id}/{file_id}",
        text="Python developer",
        text_extracted=True,
        uploaded_by=user_id,
        created_at=NOW + timedelta(minutes=minutes),
    )


@pytest_asyncio.fixture(loop_scope="session", params=["postgres", "memory"])
async def world(request, session):
    """(repository, company id, candidate id, user id)."""
    if request.param == "memory":
        repository = InMemoryCandidateFileRepository(InMemoryStore())
        return repository, uuid4(), uuid4(), uuid4()
    company = await add_company(session)
    candidate = full_candidate(company)
    await SqlaCandidateRepository(session).add(candidate)
    return SqlaCandidateFileRepository(session), company.id, candidate.id, company.user_id


async def test_files_round_trip_newest_first_and_counted(world):
    repository, company_id, candidate_id, user_id = world
    older = a_file(candidate_id, user_id, b"one", minutes=0)
    newer = a_file(candidate_id, user_id, b"two", minutes=5)
    await repository.add(company_id, older)
    await repository.add(company_id, newer)
    assert await repository.list_live(company_id, candidate_id) == [newer, older]
    assert await repository.get(company_id, candidate_id, older.id) == older
    assert await repository.count_live(company_id, candidate_id) == 2
    found = await repository.find_live_content(company_id, candidate_id, older.sha256)
    assert found == older


async def test_another_company_or_candidate_finds_nothing(world):
    repository, company_id, candidate_id, user_id = world
    file = a_file(candidate_id, user_id, b"one")
    await repository.add(company_id, file)
    assert await repository.get(uuid4(), candidate_id, file.id) is None
    assert await repository.get(company_id, uuid4(), file.id) is None
    assert await repository.list_live(uuid4(), candidate_id) == []
    assert await repository.find_live_content(uuid4(), candidate_id, file.sha256) is None


async def test_a_deleted_file_is_kept_but_not_live_and_its_content_may_come_again(world):
    repository, company_id, candidate_id, user_id = world
    file = a_file(candidate_id, user_id, b"one")
    await repository.add(company_id, file)
    assert file.delete(NOW)
    await repository.save(company_id, file)
    assert await repository.list_live(company_id, candidate_id) == []
    assert (await repository.get(company_id, candidate_id, file.id)) == file
    again = a_file(candidate_id, user_id, b"one", minutes=1)
    await repository.add(company_id, again)
    assert await repository.find_live_content(company_id, candidate_id, file.sha256) == again
    assert file.restore()
    with pytest.raises(AlreadyExists):
        await repository.save(company_id, file)


async def test_a_second_live_file_of_the_same_content_is_refused(world):
    repository, company_id, candidate_id, user_id = world
    first = a_file(candidate_id, user_id, b"same")
    await repository.add(company_id, first)
    with pytest.raises(AlreadyExists):
        await repository.add(company_id, replace(a_file(candidate_id, user_id, b"same")))
