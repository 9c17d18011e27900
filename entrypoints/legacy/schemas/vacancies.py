"""Vacancies in the original system's shapes, and its request bodies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from application.vacancies.references import SkillInput
from application.vacancies.views import VacancyView
from domain.errors import InvalidInput
from entrypoints.legacy.schemas.common import NamedRow, Ref

Count = Annotated[int, msgspec.Meta(ge=0, le=2_147_483_647)]
Money = Annotated[int, msgspec.Meta(ge=0, le=2_147_483_647)]


class CodeValue(msgspec.Struct, frozen=True, gc=False):
    code: int
    value: str


class OldSkill(msgspec.Struct, frozen=True, gc=False):
    id: UUID | str
    name: str
    normalized_name: str


class OldSkillLink(msgspec.Struct, frozen=True, gc=False):
    """The old system kept a row per link; Gefest's link has no id or time of its own, so the
    skill's id and the vacancy's creation stand in for them (docs/legacy.md)."""

    id: UUID | str
    skill: OldSkill
    created_at: datetime
    creator_id: UUID | str


class OldVacancy(msgspec.Struct, frozen=True):
    id: UUID
    position: NamedRow
    department: NamedRow
    grade: NamedRow | None
    salary_from: int | None
    salary_to: int | None
    employee_count: int
    priority: CodeValue
    status: CodeValue
    deadline: date | None
    adress: Ref | None
    project: str | None
    recruiter_id: UUID | None
    skills: list[OldSkillLink]
    created_at: datetime
    creator_id: UUID


class OldVacancyList(msgspec.Struct, frozen=True):
    vacancies: list[OldVacancy]
    count: int


class SkillById(msgspec.Struct, forbid_unknown_fields=True):
    skill_id: UUID


class SkillByName(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class OldNewVacancy(msgspec.Struct):
    position_id: UUID
    department_id: UUID
    priority_code: int
    employee_count: Count
    grade_id: UUID | None = None
    salary_from: Money | None = None
    salary_to: Money | None = None
    deadline: date | None = None
    adress_code: int | None = None
    project: Annotated[str, msgspec.Meta(max_length=500)] | None = None
    skills: list[dict[str, object]] = []


class OldVacancyUpdate(OldNewVacancy, kw_only=True):
    status_code: int
    recruiter_id: UUID | None = None


def skill_inputs(items: list[dict[str, object]]) -> tuple[SkillInput, ...]:
    """Skills by id (`{"skill_id": ...}`) or by name (`{"name": ...}`), as the old system took
    them; anything else is a 400 naming the item."""
    skills = []
    for index, item in enumerate(items):
        try:
            if "skill_id" in item:
                skills.append(SkillInput(id=msgspec.convert(item, SkillById).skill_id))
            else:
                skills.append(SkillInput(name=msgspec.convert(item, SkillByName).name))
        except msgspec.ValidationError as error:
            raise InvalidInput.single(f"skills[{index}]", str(error)) from None
    return tuple(skills)


def _row(ref) -> NamedRow | None:
    return None if ref is None else NamedRow(id=ref.id, name=ref.name)


def old_vacancy(view: VacancyView) -> OldVacancy:
    creator = view.created_by.id
    return OldVacancy(
        id=view.id,
        position=NamedRow(view.position.id, view.position.name),
        department=NamedRow(view.department.id, view.department.name),
        grade=_row(view.grade),
        salary_from=view.salary_from,
        salary_to=view.salary_to,
        employee_count=view.employee_count,
        priority=CodeValue(view.priority.code, view.priority.value),
        status=CodeValue(view.status.code, view.status.value),
        deadline=view.deadline,
        adress=None if view.address is None else Ref(view.address.code, view.address.value),
        project=view.project,
        recruiter_id=None if view.recruiter is None else view.recruiter.id,
        skills=[
            OldSkillLink(
                id=skill.id,
                skill=OldSkill(skill.id, skill.name, skill.name.lower()),
                created_at=view.created_at,
                creator_id=creator,
            )
            for skill in view.skills
        ],
        created_at=view.created_at,
        creator_id=creator,
    )
