from __future__ import annotations

from uuid import UUID

import msgspec

from domain.organisation.skill import Skill


class SkillView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    normalized_name: str

    @classmethod
    def of(cls, skill: Skill) -> SkillView:
        return cls(id=skill.id, name=skill.name, normalized_name=skill.normalized_name)


class SkillList(msgspec.Struct, frozen=True):
    items: list[SkillView]
    count: int
