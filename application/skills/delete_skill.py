from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.errors import NotFound
from application.events.recorder import EventRecorder
from application.ports.skills import SkillRepository
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource


class DeleteSkill:
    """Admins, managers and recruiters delete a skill of their company, but only while no
    candidate or vacancy has it (InUse)."""

    def __init__(self, skills: SkillRepository, events: EventRecorder, uow: UnitOfWork) -> None:
        self._skills = skills
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, skill_id: UUID) -> None:
        caller.authorize(Resource.SKILLS, Action.DELETE)
        skill = await self._skills.get(caller.company_id, skill_id)
        if skill is None:
            raise NotFound("no such skill")
        await self._skills.delete(caller.company_id, skill.id)  # raises while in use
        await self._events.record(caller, "skill.deleted", skill.id)
        await self._uow.commit()
