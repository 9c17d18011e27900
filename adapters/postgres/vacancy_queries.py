"""The vacancy read model: a page of vacancies in two round trips whatever its size.

1. The page: the live vacancies matching every filter, sorted, limited, with `count(*) OVER ()`
   for the total, joined to their names and reference values, and `hired_count` from one grouped
   subquery over the interviews of the page's vacancies only.
2. The skills of every vacancy of the page.

An empty page past the end costs one more query, for the total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Select,
    Uuid,
    and_,
    any_,
    bindparam,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY

from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    departments,
    grades,
    interviews,
    positions,
    ref_addresses,
    ref_vacancy_priorities,
    ref_vacancy_statuses,
    skills,
    users,
    vacancies,
    vacancy_skills,
)
from adapters.postgres.text_search import word_conditions, word_parameters
from application.pagination import Page, Sort
from application.vacancies.views import VacancyFilters, VacancyList, VacancyView
from application.views import CodeRef, NamedRef, PersonRef
from domain.interviews.interview import HIRED_STAGE_CODE

_ROW_COLUMNS = [column for column in vacancies.c if column.name != "search_text"]
_SORT_COLUMNS = {
    "created_at": "created_at",
    "deadline": "deadline",
    "priority": "priority_code",
}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


_EQUAL_FILTERS = (
    "recruiter_id",
    "department_id",
    "position_id",
    "grade_id",
    "priority_code",
    "status_code",
    "address_code",
)
_BOUNDS = ("salary_from", "salary_to", "created_from", "created_to", "deadline_from", "deadline_to")


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a page statement looks like, without the values: statements are built once per
    shape (building one costs milliseconds of Python; binding values costs nothing)."""

    equal: tuple[str, ...]  # the equality filters given
    words: int  # words of `q`
    skills: int  # distinct skill ids wanted
    bounds: tuple[str, ...]  # the range bounds given
    sort: Sort
    by_id: bool = False
    ids: bool = False  # one of the given ids


def _shape_and_parameters(
    company_id: UUID, f: VacancyFilters, sort: Sort, page: Page, vacancy_id: UUID | None = None
) -> tuple[_Shape, dict[str, Any]]:
    parameters: dict[str, Any] = {
        "company_id": company_id,
        "limit": page.limit,
        "offset": page.offset,
    }
    equal = tuple(name for name in _EQUAL_FILTERS if getattr(f, name) is not None)
    parameters.update({name: getattr(f, name) for name in equal})
    words = word_parameters(f.q)
    parameters.update(words)
    wanted_skills = list(dict.fromkeys(f.skill_ids))
    if wanted_skills:
        parameters.update(skill_ids=wanted_skills, skill_count=len(wanted_skills))
    bounds = tuple(name for name in _BOUNDS if getattr(f, name) is not None)
    for name in bounds:
        value = getattr(f, name)
        if name == "created_from":
            value = _start_of(value)
        elif name == "created_to":
            value = _start_of(value) + timedelta(days=1)
        parameters[name] = value
    if vacancy_id is not None:
        parameters["vacancy_id"] = vacancy_id
    if f.ids:
        parameters["ids"] = list(dict.fromkeys(f.ids))
    shape = _Shape(
        equal, len(words), len(wanted_skills), bounds, sort, vacancy_id is not None, bool(f.ids)
    )
    return shape, parameters


def _conditions(shape: _Shape) -> list[ColumnElement[bool]]:
    v = vacancies.c
    conditions: list[ColumnElement[bool]] = [
        v.company_id == bindparam("company_id"),
        v.deleted_at.is_(None),
    ]
    if shape.by_id:
        conditions.append(v.id == bindparam("vacancy_id"))
    if shape.ids:
        conditions.append(v.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
    conditions += [v[name] == bindparam(name) for name in shape.equal]
    conditions += word_conditions(v.search_text, shape.words)
    if shape.skills:
        having_all = (
            select(vacancy_skills.c.vacancy_id)
            .where(
                vacancy_skills.c.company_id == bindparam("company_id"),
                vacancy_skills.c.skill_id == any_(bindparam("skill_ids", type_=ARRAY(Uuid))),
            )
            .group_by(vacancy_skills.c.vacancy_id)
            .having(func.count() == bindparam("skill_count"))
        )
        conditions.append(v.id.in_(having_all))
    # Range overlap; a missing bound on either side is open.
    bound = {name: bindparam(name) for name in shape.bounds}
    if "salary_from" in bound:
        conditions.append(or_(v.salary_to.is_(None), v.salary_to >= bound["salary_from"]))
    if "salary_to" in bound:
        conditions.append(or_(v.salary_from.is_(None), v.salary_from <= bound["salary_to"]))
    if "created_from" in bound:
        conditions.append(v.created_at >= bound["created_from"])
    if "created_to" in bound:
        conditions.append(v.created_at < bound["created_to"])
    if "deadline_from" in bound:
        conditions.append(v.deadline >= bound["deadline_from"])
    if "deadline_to" in bound:
        conditions.append(v.deadline <= bound["deadline_to"])
    return conditions


def _order(columns: Any, sort: Sort) -> list[Any]:
    column = columns[_SORT_COLUMNS[sort.field]]
    key = column.desc() if sort.descending else column.asc()
    tie = columns.id.desc() if sort.descending else columns.id.asc()
    # A vacancy without a deadline comes last whichever way the list is sorted.
    return [key.nulls_last(), tie]


_RECRUITER = users.alias("recruiter")
_CREATOR = users.alias("creator")


@lru_cache(maxsize=512)
def _page_statement(shape: _Shape) -> Select[Any]:
    matching = (
        select(*_ROW_COLUMNS, func.count().over().label("total"))
        .where(*_conditions(shape))
        .order_by(*_order(vacancies.c, shape.sort))
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .cte("page")
    )
    hired = (
        select(interviews.c.vacancy_id, func.count().label("hired"))
        .where(
            interviews.c.company_id == bindparam("company_id"),
            interviews.c.vacancy_id.in_(select(matching.c.id)),
            interviews.c.stage_code == HIRED_STAGE_CODE,
            interviews.c.deleted_at.is_(None),
        )
        .group_by(interviews.c.vacancy_id)
        .subquery("hired")
    )
    recruiter, creator = _RECRUITER, _CREATOR

    def same_company(table: Any, column: Any) -> ColumnElement[bool]:
        return and_(table.c.company_id == matching.c.company_id, table.c.id == column)

    return (
        select(
            matching,
            positions.c.name.label("position_name"),
            departments.c.name.label("department_name"),
            grades.c.name.label("grade_name"),
            ref_vacancy_priorities.c.value.label("priority_value"),
            ref_vacancy_statuses.c.value.label("status_value"),
            ref_addresses.c.value.label("address_value"),
            recruiter.c.first_name.label("recruiter_first_name"),
            recruiter.c.last_name.label("recruiter_last_name"),
            creator.c.first_name.label("creator_first_name"),
            creator.c.last_name.label("creator_last_name"),
            func.coalesce(hired.c.hired, literal(0)).label("hired_count"),
        )
        .select_from(
            matching.join(positions, same_company(positions, matching.c.position_id))
            .join(departments, same_company(departments, matching.c.department_id))
            .outerjoin(grades, same_company(grades, matching.c.grade_id))
            .join(
                ref_vacancy_priorities,
                ref_vacancy_priorities.c.code == matching.c.priority_code,
            )
            .join(ref_vacancy_statuses, ref_vacancy_statuses.c.code == matching.c.status_code)
            .outerjoin(ref_addresses, ref_addresses.c.code == matching.c.address_code)
            .outerjoin(recruiter, same_company(recruiter, matching.c.recruiter_id))
            .join(creator, same_company(creator, matching.c.created_by))
            .outerjoin(hired, hired.c.vacancy_id == matching.c.id)
        )
        .order_by(*_order(matching.c, shape.sort))
    )


@lru_cache(maxsize=512)
def _count_statement(shape: _Shape) -> Select[Any]:
    return select(func.count()).select_from(vacancies).where(*_conditions(shape))


_SKILLS = (
    select(vacancy_skills.c.vacancy_id, skills.c.id, skills.c.name)
    .select_from(
        vacancy_skills.join(
            skills,
            (skills.c.company_id == vacancy_skills.c.company_id)
            & (skills.c.id == vacancy_skills.c.skill_id),
        )
    )
    .where(
        vacancy_skills.c.company_id == bindparam("company_id"),
        # `= ANY(array)`, not an expanding IN: one SQL text for any page, nothing re-rendered.
        vacancy_skills.c.vacancy_id == any_(bindparam("ids", type_=ARRAY(Uuid))),
    )
    .order_by(skills.c.name, skills.c.id)
)


def _money(value: Any) -> int | None:
    return None if value is None else int(value)


def _view(row: Any, skill_refs: list[NamedRef]) -> VacancyView:
    return VacancyView(
        id=row.id,
        position=NamedRef(id=row.position_id, name=row.position_name),
        department=NamedRef(id=row.department_id, name=row.department_name),
        grade=None if row.grade_id is None else NamedRef(id=row.grade_id, name=row.grade_name),
        salary_from=_money(row.salary_from),
        salary_to=_money(row.salary_to),
        employee_count=row.employee_count,
        hired_count=row.hired_count,
        priority=CodeRef(code=row.priority_code, value=row.priority_value),
        status=CodeRef(code=row.status_code, value=row.status_value),
        deadline=row.deadline,
        address=(
            None
            if row.address_code is None
            else CodeRef(code=row.address_code, value=row.address_value)
        ),
        project=row.project,
        recruiter=(
            None
            if row.recruiter_id is None
            else PersonRef(
                id=row.recruiter_id,
                first_name=row.recruiter_first_name,
                last_name=row.recruiter_last_name,
            )
        ),
        skills=skill_refs,
        created_by=PersonRef(
            id=row.created_by,
            first_name=row.creator_first_name,
            last_name=row.creator_last_name,
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


class SqlaVacancyQueries:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(self, company_id: UUID, vacancy_id: UUID) -> VacancyView | None:
        shape, parameters = _shape_and_parameters(
            company_id, VacancyFilters(), Sort("created_at"), Page(limit=1), vacancy_id
        )
        views, _ = await self._page(company_id, shape, parameters)
        return views[0] if views else None

    async def list(
        self, company_id: UUID, filters: VacancyFilters, page: Page, sort: Sort
    ) -> VacancyList:
        shape, parameters = _shape_and_parameters(company_id, filters, sort, page)
        views, total = await self._page(company_id, shape, parameters)
        if total is None:
            total = 0 if page.offset == 0 else await self._count(shape, parameters)
        return VacancyList(items=views, count=total)

    async def _page(
        self, company_id: UUID, shape: _Shape, parameters: dict[str, Any]
    ) -> tuple[list[VacancyView], int | None]:
        rows = (await self._session.read(_page_statement(shape), parameters)).all()
        if not rows:
            return [], None
        skills_of = await self._skills(company_id, [row.id for row in rows])
        return [_view(row, skills_of[row.id]) for row in rows], rows[0].total

    async def _skills(self, company_id: UUID, ids: list[UUID]) -> dict[UUID, list[NamedRef]]:
        rows = await self._session.read(_SKILLS, {"company_id": company_id, "ids": ids})
        found: dict[UUID, list[NamedRef]] = defaultdict(list)
        for row in rows:
            found[row.vacancy_id].append(NamedRef(id=row.id, name=row.name))
        return found

    async def _count(self, shape: _Shape, parameters: dict[str, Any]) -> int:
        result = await self._session.read(_count_statement(shape), parameters)
        return int(result.scalar_one())
