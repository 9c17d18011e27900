from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from sqlalchemy import Text, Uuid, any_, bindparam, delete, func, insert, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.postgres.session import PgSession
from adapters.postgres.tables import skills
from application.errors import Conflict, NotFound
from application.ports.skills import SkillSearchCriteria
from application.skills.views import SkillList, SkillView
from domain.organisation.skill import Skill

UNIQUE_NAME = "uq_skills_company_id_normalized_name"


def _skill_from_row(row: Any) -> Skill:
    return Skill(
        id=row.id,
        company_id=row.company_id,
        name=row.name,
        normalized_name=row.normalized_name,
        created_at=row.created_at,
    )


def _view_from_row(row: Any) -> SkillView:
    return SkillView(id=row.id, name=row.name, normalized_name=row.normalized_name)


def _values(skill: Skill) -> dict[str, Any]:
    return {
        "id": skill.id,
        "company_id": skill.company_id,
        "name": skill.name,
        "normalized_name": skill.normalized_name,
        "created_at": skill.created_at,
    }


# One SQL text whatever the number of ids and names, so asyncpg reuses its prepared statement.
_FIND_MANY = select(skills).where(
    skills.c.company_id == bindparam("company_id", type_=Uuid),
    or_(
        skills.c.id == any_(bindparam("ids", type_=ARRAY(Uuid))),
        skills.c.normalized_name == any_(bindparam("normalized_names", type_=ARRAY(Text))),
    ),
)


class SqlaSkillRepository:
    """Normalized names are unique per company (`uq_skills_company_id_normalized_name`);
    candidate_skills and vacancy_skills hold RESTRICT foreign keys, so deleting a used skill
    arrives here as InUse."""

    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(self, company_id: UUID, skill_id: UUID) -> Skill | None:
        query = select(skills).where(skills.c.company_id == company_id, skills.c.id == skill_id)
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else _skill_from_row(row)

    async def find_by_normalized_name(self, company_id: UUID, normalized_name: str) -> Skill | None:
        query = select(skills).where(
            skills.c.company_id == company_id, skills.c.normalized_name == normalized_name
        )
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else _skill_from_row(row)

    async def find_many(
        self, company_id: UUID, ids: Collection[UUID], normalized_names: Collection[str]
    ) -> list[Skill]:
        parameters = {
            "company_id": company_id,
            "ids": list(ids),
            "normalized_names": list(normalized_names),
        }
        rows = await self._session.execute(_FIND_MANY, parameters)
        return [_skill_from_row(row) for row in rows]

    async def add(self, skill: Skill) -> None:
        await self._session.execute(insert(skills).values(**_values(skill)))

    async def add_or_get(self, skill: Skill) -> Skill:
        # ON CONFLICT waits for a concurrent inserter of the same name and then yields to it;
        # the SELECT after it (a new snapshot under READ COMMITTED) sees the winner's row.
        inserted = await self._session.execute(
            pg_insert(skills)
            .values(**_values(skill))
            .on_conflict_do_nothing(constraint=UNIQUE_NAME)
            .returning(skills.c.id)
        )
        if inserted.one_or_none() is not None:
            return skill
        existing = await self.find_by_normalized_name(skill.company_id, skill.normalized_name)
        if existing is None:  # the winner was deleted in between: rare, and a retry settles it
            raise Conflict("the skill changed while it was being added; retry")
        return existing

    async def delete(self, company_id: UUID, skill_id: UUID) -> None:
        result = await self._session.execute(
            delete(skills).where(skills.c.company_id == company_id, skills.c.id == skill_id)
        )
        if result.rowcount != 1:
            raise NotFound("no such skill")


class SqlaSkillQueries:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(self, company_id: UUID, skill_id: UUID) -> SkillView | None:
        query = select(skills).where(skills.c.company_id == company_id, skills.c.id == skill_id)
        row = (await self._session.read(query)).one_or_none()
        return None if row is None else _view_from_row(row)

    async def search(self, company_id: UUID, criteria: SkillSearchCriteria) -> SkillList:
        conditions = [skills.c.company_id == company_id]
        if criteria.q:
            conditions.append(skills.c.normalized_name.contains(criteria.q, autoescape=True))
        prefix = skills.c.normalized_name.startswith(criteria.q, autoescape=True)
        count = await self._session.read(
            select(func.count()).select_from(skills).where(*conditions)
        )
        rows = await self._session.read(
            select(skills)
            .where(*conditions)
            .order_by(prefix.desc(), skills.c.normalized_name, skills.c.id)
            .limit(criteria.page.limit)
            .offset(criteria.page.offset)
        )
        return SkillList(items=[_view_from_row(row) for row in rows], count=count.scalar_one())
