"""A company ready for candidate writes (a recruiter, a position, a grade, three skills) and a
candidate with every kind of child: what the candidate write-side tests on PostgreSQL start from."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from sqlalchemy import insert

from adapters.postgres.session import PgSession
from adapters.postgres.tables import companies, grades, positions, skills, users
from domain.candidates.candidate import Candidate
from domain.candidates.contacts import ContactDraft
from domain.candidates.languages import LanguageDraft
from domain.candidates.work_places import WorkPlaceDraft

NOW = datetime(2026, 11, 29, 10, 0, 0, 123456, tzinfo=UTC)
TODAY = NOW.date()
MOBILE, HOME_PHONE, EMAIL, TELEGRAM = 1, 2, 3, 4


@dataclass
class Company:
    id: UUID
    user_id: UUID
    position_id: UUID
    grade_id: UUID
    skill_ids: list[UUID]


async def add_company(session: PgSession) -> Company:
    company = Company(uuid4(), uuid4(), uuid4(), uuid4(), [uuid4(), uuid4(), uuid4()])
    ogrn = "1" + "".join(secrets.choice("0123456789") for _ in range(11))
    await session.execute(
        insert(companies).values(
            id=company.id,
            full_name="ООО Ромашка",
            short_name="Ромашка",
            ogrn=ogrn + str(int(ogrn) % 11 % 10),
        )
    )
    await session.execute(
        insert(users).values(
            id=company.user_id,
            company_id=company.id,
            username=f"rec-{secrets.token_hex(4)}",
            password_hash="x",
            role_code=4,
            first_name="Рита",
            last_name="Рекрутер",
            email="r@example.com",
        )
    )
    await session.execute(
        insert(positions).values(id=company.position_id, company_id=company.id, name="Dev")
    )
    await session.execute(
        insert(grades).values(id=company.grade_id, company_id=company.id, name="Senior")
    )
    for skill_id, name in zip(company.skill_ids, ("Python", "SQL", "Docker"), strict=True):
        await session.execute(
            insert(skills).values(
                id=skill_id, company_id=company.id, name=name, normalized_name=name.lower()
            )
        )
    return company


def full_candidate(company: Company) -> Candidate:
    return Candidate.create(
        id=uuid4(),
        company_id=company.id,
        created_by=company.user_id,
        now=NOW,
        today=TODAY,
        new_id=uuid4,
        first_name="Анна-Мария",
        last_name="O'Neil",
        middle_name="Ёлкина",
        birth_date=date(1990, 5, 17),
        min_salary=250_000,
        position_id=company.position_id,
        grade_id=company.grade_id,
        address_code=2,
        citizenship_code=1,
        family_status_code=2,
        contacts=[
            ContactDraft(EMAIL, "anna@example.com", is_priority=True),
            ContactDraft(MOBILE, "+79161234567"),
            ContactDraft(TELEGRAM, "@anna"),
        ],
        work_places=[
            WorkPlaceDraft("Developer", "Acme", date(2015, 1, 1), date(2018, 12, 31)),
            WorkPlaceDraft("Lead", "Initech", date(2019, 1, 1)),
        ],
        languages=[LanguageDraft(1, 6), LanguageDraft(2, 4)],
        skill_ids=company.skill_ids[:2],
        notes=["Strong candidate", "Second\nnote"],
    )
