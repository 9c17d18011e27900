"""The vacancy read model: a page of vacancies in two round trips whatever its size.

1. The page: the live vacancies matching every filter, sorted, limited, with `count(*) OVER ()`
   for the total, joined to their names and reference values, and `hired_count` from one grouped
   subquery over the interviews of the page's vacancies only.
2. The skills of every vacancy of the page.

An empty page past the end costs one more query, for the total.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select

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
from adapters.postgres.vacancy_search import like_pattern, search_words
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


def _conditions(company_id: UUID, f: VacancyFilters) -> list[ColumnElement[bool]]:
    v = vacancies.c
    conditions: list[ColumnElement[bool]] = [v.company_id == company_id, v.deleted_at.is_(None)]
    equal = {
        v.recruiter_id: f.recruiter_id,
        v.department_id: f.department_id,
        v.position_id: f.position_id,
        v.grade_id: f.grade_id,
        v.priority_code: f.priority_code,
        v.status_code: f.status_code,
        v.address_code: f.address_code,
    }
    conditions += [column == value for column, value in equal.items() if value is not None]
    for word in search_words(f.q or ""):
        conditions.append(v.search_text.like(like_pattern(word), escape="\\"))
    wanted_skills = list(dict.fromkeys(f.skill_ids))
    if wanted_skills:
        having_all = (
            select(vacancy_skills.c.vacancy_id)
            .where(
                vacancy_skills.c.company_id == company_id,
                vacancy_skills.c.skill_id.in_(wanted_skills),
            )
            .group_by(vacancy_skills.c.vacancy_id)
            .having(func.count() == len(wanted_skills))
        )
        conditions.append(v.id.in_(having_all))
    # Range overlap; a missing bound on either side is open.
    if f.salary_from is not None:
        conditions.append(or_(v.salary_to.is_(None), v.salary_to >= f.salary_from))
    if f.salary_to is not None:
        conditions.append(or_(v.salary_from.is_(None), v.salary_from <= f.salary_to))
    if f.created_from is not None:
        conditions.append(v.created_at >= _start_of(f.created_from))
    if f.created_to is not None:
        conditions.append(v.created_at < _start_of(f.created_to) + timedelta(days=1))
    if f.deadline_from is not None:
        conditions.append(v.deadline >= f.deadline_from)
    if f.deadline_to is not None:
        conditions.append(v.deadline <= f.deadline_to)
    return conditions


def _order(columns: Any, sort: Sort) -> list[Any]:
    column = columns[_SORT_COLUMNS[sort.field]]
    key = column.desc() if sort.descending else column.asc()
    tie = columns.id.desc() if sort.descending else columns.id.asc()
    # A vacancy without a deadline comes last whichever way the list is sorted.
    return [key.nulls_last(), tie]


def _page_statement(
    company_id: UUID, conditions: list[ColumnElement[bool]], sort: Sort, page: Page
) -> Select[Any]:
    matching = (
        select(*_ROW_COLUMNS, func.count().over().label("total"))
        .where(*conditions)
        .order_by(*_order(vacancies.c, sort))
        .limit(page.limit)
        .offset(page.offset)
        .cte("page")
    )
    hired = (
        select(interviews.c.vacancy_id, func.count().label("hired"))
        .where(
            interviews.c.company_id == company_id,
            interviews.c.vacancy_id.in_(select(matching.c.id)),
            interviews.c.stage_code == HIRED_STAGE_CODE,
            interviews.c.deleted_at.is_(None),
        )
        .group_by(interviews.c.vacancy_id)
        .subquery("hired")
    )
    recruiter = users.alias("recruiter")
    creator = users.alias("creator")

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
        .order_by(*_order(matching.c, sort))
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
        conditions = [*_conditions(company_id, VacancyFilters()), vacancies.c.id == vacancy_id]
        views, _ = await self._page(company_id, conditions, Sort("created_at"), Page(limit=1))
        return views[0] if views else None

    async def list(
        self, company_id: UUID, filters: VacancyFilters, page: Page, sort: Sort
    ) -> VacancyList:
        conditions = _conditions(company_id, filters)
        views, total = await self._page(company_id, conditions, sort, page)
        if total is None:
            total = 0 if page.offset == 0 else await self._count(conditions)
        return VacancyList(items=views, count=total)

    async def _page(
        self, company_id: UUID, conditions: list[ColumnElement[bool]], sort: Sort, page: Page
    ) -> tuple[list[VacancyView], int | None]:
        statement = _page_statement(company_id, conditions, sort, page)
        rows = (await self._session.execute(statement)).all()
        if not rows:
            return [], None
        skills_of = await self._skills(company_id, [row.id for row in rows])
        return [_view(row, skills_of[row.id]) for row in rows], rows[0].total

    async def _skills(self, company_id: UUID, ids: list[UUID]) -> dict[UUID, list[NamedRef]]:
        rows = await self._session.execute(
            select(vacancy_skills.c.vacancy_id, skills.c.id, skills.c.name)
            .select_from(
                vacancy_skills.join(
                    skills,
                    (skills.c.company_id == vacancy_skills.c.company_id)
                    & (skills.c.id == vacancy_skills.c.skill_id),
                )
            )
            .where(vacancy_skills.c.company_id == company_id, vacancy_skills.c.vacancy_id.in_(ids))
            .order_by(skills.c.name, skills.c.id)
        )
        found: dict[UUID, list[NamedRef]] = defaultdict(list)
        for row in rows:
            found[row.vacancy_id].append(NamedRef(id=row.id, name=row.name))
        return found

    async def _count(self, conditions: list[ColumnElement[bool]]) -> int:
        result = await self._session.execute(
            select(func.count()).select_from(vacancies).where(*conditions)
        )
        return int(result.scalar_one())
