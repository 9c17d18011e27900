"""Candidate rows written straight with SQLAlchemy Core, for the read-side tests.

The read model is tested on rows the write side does not have to produce: every column and child
is set explicitly, and `search_text` is refreshed by the same function the write side calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from sqlalchemy import insert

from adapters.postgres.candidate_search import refresh_search_text
from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    candidate_contacts,
    candidate_languages,
    candidate_notes,
    candidate_skills,
    candidate_work_places,
    candidates,
    grades,
    positions,
    skills,
)

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@dataclass
class Contact:
    type_code: int
    value: str
    is_priority: bool = False
    id: UUID = field(default_factory=uuid4)


@dataclass
class WorkPlace:
    position: str
    company: str
    work_from: date
    work_to: date | None = None
    id: UUID = field(default_factory=uuid4)


@dataclass
class Language:
    language_code: int
    level_code: int
    id: UUID = field(default_factory=uuid4)


@dataclass
class Note:
    text: str
    author_id: UUID
    created_at: datetime = NOW
    id: UUID = field(default_factory=uuid4)


@dataclass
class CandidateRow:
    created_by: UUID
    first_name: str = "Иван"
    last_name: str = "Петров"
    middle_name: str | None = None
    birth_date: date | None = None
    min_salary: int | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None
    address_code: int | None = None
    citizenship_code: int | None = None
    family_status_code: int | None = None
    created_at: datetime = NOW
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    version: int = 1
    contacts: list[Contact] = field(default_factory=list)
    work_places: list[WorkPlace] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    skill_ids: list[UUID] = field(default_factory=list)
    id: UUID = field(default_factory=uuid4)


async def add_position(session: PgSession, company_id: UUID, name: str) -> UUID:
    row_id = uuid4()
    await session.execute(insert(positions).values(id=row_id, company_id=company_id, name=name))
    return row_id


async def add_grade(session: PgSession, company_id: UUID, name: str) -> UUID:
    row_id = uuid4()
    await session.execute(insert(grades).values(id=row_id, company_id=company_id, name=name))
    return row_id


async def add_skill(session: PgSession, company_id: UUID, name: str) -> UUID:
    row_id = uuid4()
    await session.execute(
        insert(skills).values(
            id=row_id, company_id=company_id, name=name, normalized_name=name.casefold()
        )
    )
    return row_id


async def add_candidates(
    session: PgSession, company_id: UUID, rows: Sequence[CandidateRow]
) -> list[UUID]:
    """Inserts the candidates with their children and refreshes their search text."""
    for row in rows:
        await session.execute(
            insert(candidates).values(
                id=row.id,
                company_id=company_id,
                first_name=row.first_name,
                last_name=row.last_name,
                middle_name=row.middle_name,
                birth_date=row.birth_date,
                min_salary=None if row.min_salary is None else Decimal(row.min_salary),
                position_id=row.position_id,
                grade_id=row.grade_id,
                address_code=row.address_code,
                citizenship_code=row.citizenship_code,
                family_status_code=row.family_status_code,
                created_by=row.created_by,
                created_at=row.created_at,
                updated_at=row.updated_at or row.created_at,
                deleted_at=row.deleted_at,
                version=row.version,
            )
        )
        for order, contact in enumerate(row.contacts):
            await session.execute(
                insert(candidate_contacts).values(
                    id=contact.id,
                    company_id=company_id,
                    candidate_id=row.id,
                    type_code=contact.type_code,
                    value=contact.value,
                    is_priority=contact.is_priority,
                    sort_order=order,
                )
            )
        for order, place in enumerate(row.work_places):
            await session.execute(
                insert(candidate_work_places).values(
                    id=place.id,
                    company_id=company_id,
                    candidate_id=row.id,
                    position=place.position,
                    company=place.company,
                    work_from=place.work_from,
                    work_to=place.work_to,
                    is_actual=place.work_to is None,
                    sort_order=order,
                )
            )
        for language in row.languages:
            await session.execute(
                insert(candidate_languages).values(
                    id=language.id,
                    company_id=company_id,
                    candidate_id=row.id,
                    language_code=language.language_code,
                    level_code=language.level_code,
                )
            )
        for note in row.notes:
            await session.execute(
                insert(candidate_notes).values(
                    id=note.id,
                    company_id=company_id,
                    candidate_id=row.id,
                    text=note.text,
                    author_id=note.author_id,
                    created_at=note.created_at,
                )
            )
        for skill_id in row.skill_ids:
            await session.execute(
                insert(candidate_skills).values(
                    company_id=company_id, candidate_id=row.id, skill_id=skill_id
                )
            )
    await refresh_search_text(session, company_id, [row.id for row in rows])
    return [row.id for row in rows]
