from __future__ import annotations

from dataclasses import dataclass

from application.caller import Caller
from application.events.recorder import EventRecorder
from application.ports.skills import SkillRepository
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from application.skills.views import SkillView
from domain.identity.permissions import Action, Resource
from domain.organisation.skill import Skill


@dataclass(frozen=True, slots=True)
class CreateSkillRequest:
    name: str


@dataclass(frozen=True, slots=True)
class CreatedSkill:
    skill: SkillView
    created: bool  # False: the company already had a skill of this normalized name


class CreateSkill:
    """Admins, managers and recruiters add a skill to their company's dictionary. A name whose
    normalized form exists resolves to the existing skill instead (also under a concurrent
    add of the same name), so the dictionary never holds two spellings of one skill."""

    def __init__(
        self,
        skills: SkillRepository,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._skills = skills
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: CreateSkillRequest) -> CreatedSkill:
        caller.authorize(Resource.SKILLS, Action.CREATE)
        skill = Skill.create(self._ids.new_id(), caller.company_id, request.name, self._clock.now())
        stored = await self._skills.add_or_get(skill)
        created = stored.id == skill.id  # False: an existing skill of this name answered
        if created:
            await self._events.created(caller, stored)
        await self._uow.commit()
        return CreatedSkill(skill=SkillView.of(stored), created=created)
