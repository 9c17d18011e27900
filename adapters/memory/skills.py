from __future__ import annotations

import copy
from collections.abc import Collection
from typing import Any
from uuid import UUID

from adapters.memory.store import InMemoryStore
from application.errors import AlreadyExists, InUse, NotFound
from application.ports.skills import SkillSearchCriteria
from application.skills.views import SkillList, SkillView
from domain.organisation.skill import Skill

TABLE = "skills"
_LINK_TABLES = ("candidate_skills", "vacancy_skills")
_OWNER_TABLES = ("candidates", "vacancies")


def _mentions(key: Any, row: Any, skill_id: UUID) -> bool:
    """A link row (`skill_id` attribute or key, or a key tuple holding the id) or an owner
    row carrying its skills (`skill_ids`, or `skills` of ids or of items with an id)."""
    if isinstance(key, tuple) and skill_id in key:
        return True
    if isinstance(row, dict):
        return row.get("skill_id") == skill_id
    if getattr(row, "skill_id", None) == skill_id:
        return True
    if skill_id in (getattr(row, "skill_ids", None) or ()):
        return True
    for item in getattr(row, "skills", None) or ():
        item_id = item if isinstance(item, UUID) else getattr(item, "skill_id", None)
        if item_id == skill_id or getattr(item, "id", None) == skill_id:
            return True
    return False


class InMemorySkillRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(self, company_id: UUID, skill_id: UUID) -> Skill | None:
        skill = self._store.table(TABLE).get(skill_id)
        if skill is None or skill.company_id != company_id:
            return None
        return copy.copy(skill)

    async def find_by_normalized_name(self, company_id: UUID, normalized_name: str) -> Skill | None:
        for skill in self._store.table(TABLE).values():
            if skill.company_id == company_id and skill.normalized_name == normalized_name:
                return copy.copy(skill)
        return None

    async def find_many(
        self, company_id: UUID, ids: Collection[UUID], normalized_names: Collection[str]
    ) -> list[Skill]:
        return [
            copy.copy(skill)
            for skill in self._store.table(TABLE).values()
            if skill.company_id == company_id
            and (skill.id in ids or skill.normalized_name in normalized_names)
        ]

    async def add(self, skill: Skill) -> None:
        if await self.find_by_normalized_name(skill.company_id, skill.normalized_name):
            raise AlreadyExists("a skill with this name exists")
        self._store.table(TABLE)[skill.id] = copy.copy(skill)

    async def add_or_get(self, skill: Skill) -> Skill:
        existing = await self.find_by_normalized_name(skill.company_id, skill.normalized_name)
        if existing is not None:
            return existing
        self._store.table(TABLE)[skill.id] = copy.copy(skill)
        return copy.copy(skill)

    async def delete(self, company_id: UUID, skill_id: UUID) -> None:
        if await self.get(company_id, skill_id) is None:
            raise NotFound("no such skill")
        for table in (*_LINK_TABLES, *_OWNER_TABLES):
            for key, row in self._store.tables.get(table, {}).items():
                if _mentions(key, row, skill_id):
                    raise InUse("the skill is still in use")
        del self._store.table(TABLE)[skill_id]


class InMemorySkillQueries:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(self, company_id: UUID, skill_id: UUID) -> SkillView | None:
        skill = self._store.table(TABLE).get(skill_id)
        if skill is None or skill.company_id != company_id:
            return None
        return SkillView.of(skill)

    async def search(self, company_id: UUID, criteria: SkillSearchCriteria) -> SkillList:
        q = criteria.q
        found = [
            s
            for s in self._store.table(TABLE).values()
            if s.company_id == company_id and q in s.normalized_name
        ]
        found.sort(key=lambda s: (not s.normalized_name.startswith(q), s.normalized_name, s.id))
        page = found[criteria.page.offset : criteria.page.offset + criteria.page.limit]
        return SkillList(items=[SkillView.of(s) for s in page], count=len(found))
