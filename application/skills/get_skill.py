from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.for_change import found
from application.ports.skills import SkillQueries
from application.skills.views import SkillView
from domain.identity.permissions import Action, Resource


class GetSkill:
    """Every role may read one skill of their own company."""

    def __init__(self, queries: SkillQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, skill_id: UUID) -> SkillView:
        caller.authorize(Resource.SKILLS, Action.READ)
        return found(await self._queries.get(caller.company_id, skill_id), "skill")
