"""What a candidate payload points at: reference codes, the company's positions and grades, and
its skill dictionary. Shared by the candidate write use cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from application.events.recorder import Actor, EventRecorder
from application.ports.org_lookup import OrgUnitLookup
from application.ports.reference_catalog import ReferenceCatalog
from application.ports.skills import SkillRepository
from application.ports.system import IdGenerator
from domain.candidates.contacts import ContactDraft
from domain.candidates.languages import LanguageDraft
from domain.errors import InvalidInput, ProblemCollector
from domain.organisation.org_unit import OrgKind
from domain.organisation.skill import Skill

_CODE_FIELDS = {
    "address_code": "addresses",
    "citizenship_code": "countries",
    "family_status_code": "family-statuses",
}
_ORG_FIELDS = {"position_id": OrgKind.POSITION, "grade_id": OrgKind.GRADE}
_UNKNOWN_CODE = "no such code in the reference, or it is archived"


@dataclass(frozen=True, slots=True)
class SkillChoice:
    """A skill of a payload: an existing one by `id`, or by `name` (a new name joins the
    company's dictionary)."""

    id: UUID | None = None
    name: str | None = None


@dataclass(slots=True)
class SkillPlan:
    """The skills a payload resolves to. `ids` is in payload order; ids of `new` skills are
    provisional until `SkillResolver.store` has added them."""

    ids: list[UUID] = field(default_factory=list)
    new: list[Skill] = field(default_factory=list)


class CandidateReferences:
    """Checks what a payload points at, reporting into the caller's problem collector so a
    client sees reference problems together with the card's own."""

    def __init__(
        self,
        catalog: ReferenceCatalog,
        org_units: OrgUnitLookup,
        skills: SkillRepository,
        ids: IdGenerator,
        events: EventRecorder,
    ) -> None:
        self._catalog = catalog
        self._org_units = org_units
        self._skills = skills
        self._ids = ids
        self._events = events

    async def check(
        self, company_id: UUID, fields: Mapping[str, Any], problems: ProblemCollector
    ) -> None:
        """Every code given must exist and not be archived; every id must be the company's.
        Only the fields present (and not null) are checked."""
        for name, reference in _CODE_FIELDS.items():
            code = fields.get(name)
            if code is not None and code not in await self._catalog.live_codes(reference):
                problems.add(name, _UNKNOWN_CODE)
        units = {kind: fields[name] for name, kind in _ORG_FIELDS.items() if fields.get(name)}
        missing = await self._org_units.missing(company_id, units)
        for name, kind in _ORG_FIELDS.items():
            if kind in missing:
                problems.add(name, f"no such {kind.value} in your company")
        contacts: Sequence[ContactDraft] = fields.get("contacts") or ()
        if contacts:
            types = await self._catalog.live_codes("contact-types")
            for index, contact in enumerate(contacts):
                if contact.type_code not in types:
                    problems.add(f"contacts[{index}].type_code", _UNKNOWN_CODE)
        languages: Sequence[LanguageDraft] = fields.get("languages") or ()
        if languages:
            known_languages = await self._catalog.live_codes("languages")
            levels = await self._catalog.live_codes("language-levels")
            for index, language in enumerate(languages):
                if language.language_code not in known_languages:
                    problems.add(f"languages[{index}].language_code", _UNKNOWN_CODE)
                if language.level_code not in levels:
                    problems.add(f"languages[{index}].level_code", _UNKNOWN_CODE)

    async def plan_skills(
        self,
        company_id: UUID,
        choices: Sequence[SkillChoice],
        now: datetime,
        problems: ProblemCollector,
    ) -> SkillPlan:
        """Resolves ids and names without writing, looking them all up at once: an id must be
        the company's; a known name (compared normalized) is that skill; an unknown one becomes
        a new skill."""
        named: dict[int, Skill] = {}
        for index, choice in enumerate(choices):
            if (choice.id is None) == (choice.name is None):
                problems.add(f"skills[{index}]", "give either id or name")
            elif choice.name is not None:
                try:
                    named[index] = Skill.create(self._ids.new_id(), company_id, choice.name, now)
                except InvalidInput as error:
                    problems.absorb(error, f"skills[{index}]")
        wanted = {choice.id for choice in choices if choice.id is not None and choice.name is None}
        known = (
            await self._skills.find_many(
                company_id, wanted, {skill.normalized_name for skill in named.values()}
            )
            if wanted or named
            else []
        )
        known_ids = {skill.id for skill in known}
        by_name = {skill.normalized_name: skill for skill in known}
        plan = SkillPlan()
        for index, choice in enumerate(choices):
            if index in named:
                skill = named[index]
                if skill.normalized_name not in by_name:
                    by_name[skill.normalized_name] = skill
                    plan.new.append(skill)
                plan.ids.append(by_name[skill.normalized_name].id)
            elif choice.id is not None and choice.name is None:
                if choice.id in known_ids:
                    plan.ids.append(choice.id)
                else:
                    problems.add(f"skills[{index}].id", "no such skill in your company")
        return plan

    async def store(self, plan: SkillPlan, actor: Actor) -> list[UUID]:
        """Adds the plan's new skills (a name a concurrent request added first resolves to
        that skill; only one really added is a `skill.created`) and returns the final skill
        ids, in payload order, without repeats."""
        final: dict[UUID, UUID] = {}
        for skill in plan.new:
            final[skill.id] = (await self._skills.add_or_get(skill)).id
            if final[skill.id] == skill.id:
                await self._events.created(actor, skill)
        return list(dict.fromkeys(final.get(skill_id, skill_id) for skill_id in plan.ids))
