"""The interview read model: a page of interviews is ONE query (joins + `count(*) OVER ()`),
whatever the page size; the company id is in every join and every WHERE."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, Uuid, and_, bindparam, func, literal, select

from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    candidates,
    departments,
    interview_stage_results,
    interviews,
    positions,
    ref_interview_stages,
    users,
    vacancies,
)
from application.interviews.views import (
    CandidateSummary,
    InterviewFilters,
    InterviewList,
    InterviewView,
    StageRef,
    StageResultList,
    StageResultView,
    VacancySummary,
)
from application.pagination import Page, Sort
from application.views import NamedRef, PersonRef

_results = interview_stage_results
_old_stage = ref_interview_stages.alias("old_stage")
_new_stage = ref_interview_stages.alias("new_stage")
_result_author = users.alias("result_author")

_SORT_COLUMNS = {"created_at": interviews.c.created_at, "updated_at": interviews.c.updated_at}


def _shown_interviews(company_id: UUID | ColumnElement[Any]) -> Any:
    """Interviews joined to their live candidate and vacancy, all of the company."""
    return interviews.join(
        candidates,
        and_(
            candidates.c.company_id == company_id,
            candidates.c.id == interviews.c.candidate_id,
            candidates.c.deleted_at.is_(None),
        ),
    ).join(
        vacancies,
        and_(
            vacancies.c.company_id == company_id,
            vacancies.c.id == interviews.c.vacancy_id,
            vacancies.c.deleted_at.is_(None),
        ),
    )


def _shown_where(company_id: UUID | ColumnElement[Any]) -> ColumnElement[bool]:
    return and_(interviews.c.company_id == company_id, interviews.c.deleted_at.is_(None))


def _view_query(company_id: UUID) -> Select[Any]:
    source = (
        _shown_interviews(company_id)
        .join(
            positions,
            and_(positions.c.company_id == company_id, positions.c.id == vacancies.c.position_id),
        )
        .join(
            departments,
            and_(
                departments.c.company_id == company_id,
                departments.c.id == vacancies.c.department_id,
            ),
        )
        .join(ref_interview_stages, ref_interview_stages.c.code == interviews.c.stage_code)
        .join(users, and_(users.c.company_id == company_id, users.c.id == interviews.c.created_by))
    )
    return (
        select(
            interviews.c.id,
            interviews.c.created_at,
            interviews.c.updated_at,
            interviews.c.version,
            interviews.c.stage_code,
            ref_interview_stages.c.value.label("stage_value"),
            ref_interview_stages.c.parent_code.label("stage_parent_code"),
            candidates.c.id.label("candidate_id"),
            candidates.c.first_name.label("candidate_first_name"),
            candidates.c.last_name.label("candidate_last_name"),
            candidates.c.middle_name.label("candidate_middle_name"),
            vacancies.c.id.label("vacancy_id"),
            positions.c.id.label("position_id"),
            positions.c.name.label("position_name"),
            departments.c.id.label("department_id"),
            departments.c.name.label("department_name"),
            users.c.id.label("author_id"),
            users.c.first_name.label("author_first_name"),
            users.c.last_name.label("author_last_name"),
        )
        .select_from(source)
        .where(_shown_where(company_id))
    )


def _interview_view(row: Any) -> InterviewView:
    return InterviewView(
        id=row.id,
        candidate=CandidateSummary(
            id=row.candidate_id,
            first_name=row.candidate_first_name,
            last_name=row.candidate_last_name,
            middle_name=row.candidate_middle_name,
        ),
        vacancy=VacancySummary(
            id=row.vacancy_id,
            position=NamedRef(id=row.position_id, name=row.position_name),
            department=NamedRef(id=row.department_id, name=row.department_name),
        ),
        stage=StageRef(row.stage_code, row.stage_value, row.stage_parent_code),
        created_by=PersonRef(
            id=row.author_id, first_name=row.author_first_name, last_name=row.author_last_name
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _filters(filters: InterviewFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.candidate_id is not None:
        conditions.append(interviews.c.candidate_id == filters.candidate_id)
    if filters.vacancy_id is not None:
        conditions.append(interviews.c.vacancy_id == filters.vacancy_id)
    if filters.created_by is not None:
        conditions.append(interviews.c.created_by == filters.created_by)
    if filters.stage_code is not None:
        conditions.append(interviews.c.stage_code == filters.stage_code)
    if filters.vacancy_priority_code is not None:
        conditions.append(vacancies.c.priority_code == filters.vacancy_priority_code)
    if filters.vacancy_deadline_from is not None:
        conditions.append(vacancies.c.deadline >= filters.vacancy_deadline_from)
    if filters.vacancy_deadline_to is not None:
        conditions.append(vacancies.c.deadline <= filters.vacancy_deadline_to)
    return conditions


def _result_query(company_id: UUID | ColumnElement[Any]) -> Select[Any]:
    source = (
        _results.join(_old_stage, _old_stage.c.code == _results.c.old_stage_code)
        .join(_new_stage, _new_stage.c.code == _results.c.new_stage_code)
        .join(
            _result_author,
            and_(
                _result_author.c.company_id == company_id,
                _result_author.c.id == _results.c.created_by,
            ),
        )
    )
    return (
        select(
            _results.c.id,
            _results.c.old_stage_code,
            _old_stage.c.value.label("old_value"),
            _old_stage.c.parent_code.label("old_parent_code"),
            _results.c.new_stage_code,
            _new_stage.c.value.label("new_value"),
            _new_stage.c.parent_code.label("new_parent_code"),
            _results.c.note,
            _results.c.seconds_in_old_stage,
            _results.c.created_at,
            _result_author.c.id.label("author_id"),
            _result_author.c.first_name.label("author_first_name"),
            _result_author.c.last_name.label("author_last_name"),
        )
        .select_from(source)
        .where(_results.c.company_id == company_id, _results.c.deleted_at.is_(None))
    )


def _one_result_query() -> Select[Any]:
    """One stage result of an interview that is shown (live, with live parties): the answer
    of every stage move, so built once, with every value a parameter."""
    company = bindparam("company_id", type_=Uuid)
    shown = (
        select(literal(1))
        .select_from(_shown_interviews(company))
        .where(_shown_where(company), interviews.c.id == _results.c.interview_id)
        .exists()
    )
    return _result_query(company).where(
        _results.c.interview_id == bindparam("interview_id", type_=Uuid),
        _results.c.id == bindparam("result_id", type_=Uuid),
        shown,
    )


_ONE_RESULT = _one_result_query()


def _result_view(row: Any) -> StageResultView:
    return StageResultView(
        id=row.id,
        old_stage=StageRef(row.old_stage_code, row.old_value, row.old_parent_code),
        new_stage=StageRef(row.new_stage_code, row.new_value, row.new_parent_code),
        note=row.note,
        seconds_in_old_stage=row.seconds_in_old_stage,
        created_by=PersonRef(
            id=row.author_id, first_name=row.author_first_name, last_name=row.author_last_name
        ),
        created_at=row.created_at,
    )


class SqlaInterviewQueries:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(self, company_id: UUID, interview_id: UUID) -> InterviewView | None:
        query = _view_query(company_id).where(interviews.c.id == interview_id)
        row = (await self._session.read(query)).one_or_none()
        return None if row is None else _interview_view(row)

    async def list(
        self, company_id: UUID, filters: InterviewFilters, page: Page, sort: Sort
    ) -> InterviewList:
        column = _SORT_COLUMNS[sort.field]
        order = (
            (column.desc(), interviews.c.id.desc())
            if sort.descending
            else (column.asc(), interviews.c.id.asc())
        )
        conditions = _filters(filters)
        query = (
            _view_query(company_id)
            .add_columns(func.count().over().label("total"))
            .where(*conditions)
            .order_by(*order)
            .limit(page.limit)
            .offset(page.offset)
        )
        rows = (await self._session.read(query)).all()
        if rows:
            count = rows[0].total
        elif page.offset == 0:
            count = 0
        else:  # past the last page: the window saw no row, so count apart
            count_query = (
                select(func.count())
                .select_from(_shown_interviews(company_id))
                .where(_shown_where(company_id), *conditions)
            )
            count = (await self._session.read(count_query)).scalar_one()
        return InterviewList(items=[_interview_view(row) for row in rows], count=count)

    async def stage_results(
        self, company_id: UUID, interview_id: UUID, page: Page
    ) -> StageResultList | None:
        if not await self._shown(company_id, interview_id):
            return None
        query = (
            _result_query(company_id)
            .add_columns(func.count().over().label("total"))
            .where(_results.c.interview_id == interview_id)
            .order_by(_results.c.created_at, _results.c.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        rows = (await self._session.read(query)).all()
        if rows:
            count = rows[0].total
        elif page.offset == 0:
            count = 0
        else:
            count_query = select(func.count()).where(
                _results.c.company_id == company_id,
                _results.c.interview_id == interview_id,
                _results.c.deleted_at.is_(None),
            )
            count = (await self._session.read(count_query)).scalar_one()
        return StageResultList(items=[_result_view(row) for row in rows], count=count)

    async def stage_result(
        self, company_id: UUID, interview_id: UUID, result_id: UUID
    ) -> StageResultView | None:
        parameters = {
            "company_id": company_id,
            "interview_id": interview_id,
            "result_id": result_id,
        }
        row = (await self._session.read(_ONE_RESULT, parameters)).one_or_none()
        return None if row is None else _result_view(row)

    async def _shown(self, company_id: UUID, interview_id: UUID) -> bool:
        query = select(
            select(literal(1))
            .select_from(_shown_interviews(company_id))
            .where(_shown_where(company_id), interviews.c.id == interview_id)
            .exists()
        )
        return bool((await self._session.read(query)).scalar())
