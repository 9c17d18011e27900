from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from application.pagination import Page
from application.skills.views import SkillList, SkillView
from domain.organisation.skill import Skill

DEFAULT_SKILL_LIMIT = 20


@dataclass(frozen=True, slots=True)
class SkillSearchCriteria:
    """`q` is a normalized name fragment: prefix matches first, then other substring matches,
    each group by normalized name, ties by id. An empty `q` lists every skill by name."""

    q: str = ""
    page: Page = field(default_factory=lambda: Page(limit=DEFAULT_SKILL_LIMIT))


class SkillRepository(Protocol):
    async def get(self, company_id: UUID, skill_id: UUID) -> Skill | None: ...

    async def find_by_normalized_name(
        self, company_id: UUID, normalized_name: str
    ) -> Skill | None: ...

    async def find_many(
        self, company_id: UUID, ids: Collection[UUID], normalized_names: Collection[str]
    ) -> list[Skill]:
        """The company's skills that have one of `ids` or one of `normalized_names`, at once."""
        ...

    async def add(self, skill: Skill) -> None:
        """Raises AlreadyExists when the company has a skill of this normalized name."""
        ...

    async def add_or_get(self, skill: Skill) -> Skill:
        """Adds the skill unless the company has one of the same normalized name; returns the
        stored one either way. Safe against a concurrent add of the same name."""
        ...

    async def delete(self, company_id: UUID, skill_id: UUID) -> None:
        """Raises InUse while a candidate or vacancy has the skill, NotFound if it is gone."""
        ...


class SkillQueries(Protocol):
    async def get(self, company_id: UUID, skill_id: UUID) -> SkillView | None: ...

    async def search(self, company_id: UUID, criteria: SkillSearchCriteria) -> SkillList: ...
