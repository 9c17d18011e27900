"""What a vacancy payload points at, checked against the caller's company: organisation ids,
the recruiter, reference codes and skills. Shared by CreateVacancy and UpdateVacancy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application.events.recorder import Actor, EventRecorder
from application.ports.identity import UserRepository
from application.ports.org_lookup import OrgUnitLookup
from application.ports.reference_catalog import ReferenceCatalog
from application.ports.skills import SkillRepository
from application.ports.system import Clock, IdGenerator
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.role import Role
from domain.organisation.org_unit import OrgKind
from domain.organisation.skill import Skill, normalize_skill_name, skill_name
from domain.vacancies.vacancy import VacancyTerms

RECRUITER_ROLES = frozenset({Role.RECRUITER, Role.MANAGER, Role.ADMIN})

_ORG_FIELDS = (
    ("position_id", OrgKind.POSITION),
    ("department_id", OrgKind.DEPARTMENT),
    ("grade_id", OrgKind.GRADE),
)
_CODE_FIELDS = (
    ("priority_code", "vacancy-priorities"),
    ("status_code", "vacancy-statuses"),
    ("address_code", "addresses"),
)


@dataclass(frozen=True, slots=True)
class SkillInput:
    """A skill of a payload: an existing one by `id`, or any by `name` (added when new)."""

    id: UUID | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class SkillPlan:
    """The skills of a payload once checked: known ids, and names still to be stored."""

    items: tuple[UUID | str, ...]


class VacancyReferences:
    """Every id must be a row of the caller's company, the recruiter an active user with role
    recruiter, manager or admin, every code a live (not archived) reference value."""

    def __init__(
        self,
        org: OrgUnitLookup,
        users: UserRepository,
        catalog: ReferenceCatalog,
        skills: SkillRepository,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
    ) -> None:
        self._org = org
        self._users = users
        self._catalog = catalog
        self._skills = skills
        self._clock = clock
        self._ids = ids
        self._events = events

    async def check(
        self,
        company_id: UUID,
        terms: VacancyTerms,
        problems: ProblemCollector,
        fields: frozenset[str] | None = None,
    ) -> None:
        """Adds a problem for every reference of `terms` that is not usable. With `fields`,
        only those fields are checked (an update checks what it changes)."""

        def wanted(name: str) -> bool:
            return fields is None or name in fields

        units = {
            kind: getattr(terms, name)
            for name, kind in _ORG_FIELDS
            if wanted(name) and getattr(terms, name) is not None
        }
        missing = await self._org.missing(company_id, units)
        for name, kind in _ORG_FIELDS:
            if kind in missing:
                problems.add(name, f"no such {kind.value} in your company")
        for name, reference in _CODE_FIELDS:
            code = getattr(terms, name)
            if (
                wanted(name)
                and code is not None
                and code not in await self._catalog.live_codes(reference)
            ):
                problems.add(name, f"not a current code of {reference}")
        if wanted("recruiter_id") and terms.recruiter_id is not None:
            user = await self._users.get(company_id, terms.recruiter_id)
            if user is None or not user.is_active or user.role not in RECRUITER_ROLES:
                problems.add(
                    "recruiter_id",
                    "not an active recruiter, manager or administrator of your company",
                )

    async def plan_skills(
        self, company_id: UUID, items: Sequence[SkillInput], problems: ProblemCollector
    ) -> SkillPlan:
        """Checks the skills of a payload without storing anything (the ids in one lookup)."""
        wanted = {item.id for item in items if item.id is not None and item.name is None}
        found = await self._skills.find_many(company_id, wanted, ()) if wanted else []
        known_ids = {skill.id for skill in found}
        planned: list[UUID | str] = []
        for index, item in enumerate(items):
            field = f"skills[{index}]"
            if (item.id is None) == (item.name is None):
                problems.add(field, "give either id or name")
            elif item.id is not None:
                if item.id not in known_ids:
                    problems.add(f"{field}.id", "no such skill in your company")
                else:
                    planned.append(item.id)
            else:
                try:
                    planned.append(skill_name(item.name or "", f"{field}.name"))
                except InvalidInput as error:
                    problems.absorb(error)
        return SkillPlan(tuple(planned))

    async def store_skills(self, actor: Actor, plan: SkillPlan) -> tuple[UUID, ...]:
        """The skill ids of a checked plan; a new name joins the company's dictionary (in the
        caller's transaction), a known one (by normalized name) resolves to the stored skill."""
        resolved: list[UUID] = []
        known: dict[str, UUID] = {}
        for item in plan.items:
            if isinstance(item, UUID):
                resolved.append(item)
                continue
            normalized = normalize_skill_name(item)
            if normalized not in known:
                skill = Skill.create(self._ids.new_id(), actor.company_id, item, self._clock.now())
                known[normalized] = (await self._skills.add_or_get(skill)).id
                if known[normalized] == skill.id:  # really added, not a concurrent writer's
                    await self._events.created(actor, skill)
            resolved.append(known[normalized])
        return tuple(dict.fromkeys(resolved))
