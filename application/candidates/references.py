"""What a candidate payload points at: reference codes, the company's positions and grades, and
its skill dictionary. Shared by the candidate write use cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

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
    ) -> None:
        self._catalog = catalog
        self._org_units = org_units
        self._skills = skills
        self._ids = ids

    async def check(
        self, company_id: UUID, fields: Mapping[str, Any], problems: ProblemCollector
    ) -> None:
        """Every code given must exist and not be archived; every id must be the company's.
        Only the fields present (and not null) are checked."""
        for name, reference in _CODE_FIELDS.items():
            code = fields.get(name)
            if code is not None and code not in await self._catalog.live_codes(reference):
                problems.add(name, _UNKNOWN_CODE)
        for name, kind in _ORG_FIELDS.items():
            unit_id = fields.get(name)
            if unit_id is not None and not await self._org_units.exists(company_id, kind, unit_id):
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
        """Resolves ids and names without writing: an id must be the company's; a known name
        (compared normalized) is that skill; an unknown one becomes a new skill."""
        plan = SkillPlan()
        by_name: dict[str, Skill] = {}
        for index, choice in enumerate(choices):
            path = f"skills[{index}]"
            if (choice.id is None) == (choice.name is None):
                problems.add(path, "give either id or name")
            elif choice.id is not None:
                if await self._skills.get(company_id, choice.id) is None:
                    problems.add(f"{path}.id", "no such skill in your company")
                else:
                    plan.ids.append(choice.id)
            else:
                assert choice.name is not None
                try:
                    skill = Skill.create(self._ids.new_id(), company_id, choice.name, now)
                except InvalidInput as error:
                    problems.absorb(error, path)
                    continue
                key = skill.normalized_name
                if key not in by_name:
                    known = await self._skills.find_by_normalized_name(company_id, key)
                    by_name[key] = known or skill
                    if known is None:
                        plan.new.append(skill)
                plan.ids.append(by_name[key].id)
        return plan

    async def store(self, plan: SkillPlan) -> list[UUID]:
        """Adds the plan's new skills (a name a concurrent request added first resolves to
        that skill) and returns the final skill ids, in payload order, without repeats."""
        final = {skill.id: (await self._skills.add_or_get(skill)).id for skill in plan.new}
        return list(dict.fromkeys(final.get(skill_id, skill_id) for skill_id in plan.ids))
