from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Select,
    Update,
    Uuid,
    and_,
    bindparam,
    exists,
    insert,
    literal,
    select,
    update,
)

from adapters.postgres.session import PgSession
from adapters.postgres.tables import candidates, interview_stage_results, interviews, vacancies
from application.errors import NotFound, PreconditionFailed
from application.ports.interviews import PartyState
from domain.interviews.interview import Interview, StageResult


def _live(table: Any, company_id: Any, row_id: Any) -> ColumnElement[bool]:
    return and_(
        table.c.company_id == company_id, table.c.id == row_id, table.c.deleted_at.is_(None)
    )


def parties_live(company_id: Any) -> ColumnElement[bool]:
    """The interview's candidate and vacancy are live rows of its company."""
    return and_(
        exists().where(_live(candidates, company_id, interviews.c.candidate_id)),
        exists().where(_live(vacancies, company_id, interviews.c.vacancy_id)),
    )


def _interview_from_row(row: Any) -> Interview:
    return Interview(
        id=row.id,
        company_id=row.company_id,
        candidate_id=row.candidate_id,
        vacancy_id=row.vacancy_id,
        stage_code=row.stage_code,
        stage_entered_at=row.stage_entered_at,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
        version=row.version,
    )


# The statements of every stage move, built once with every value a parameter: building them
# per call cost more CPU than the database spent running them.
_COMPANY = bindparam("company_id", type_=Uuid)
_INTERVIEW = bindparam("interview_id", type_=Uuid)


def _get_statement(*, for_update: bool) -> Select[Any]:
    query = select(interviews).where(
        interviews.c.company_id == _COMPANY, interviews.c.id == _INTERVIEW, parties_live(_COMPANY)
    )
    return query.with_for_update(of=interviews) if for_update else query


_GET = {flag: _get_statement(for_update=flag) for flag in (False, True)}
_SAVED_FIELDS = ("stage_code", "stage_entered_at", "updated_at", "deleted_at", "version")
_SAVE: Update = (
    update(interviews)
    .where(
        interviews.c.company_id == bindparam("of_company", type_=Uuid),
        interviews.c.id == bindparam("of_interview", type_=Uuid),
        interviews.c.version == bindparam("expected_version"),
    )
    .values({name: bindparam(f"new_{name}") for name in _SAVED_FIELDS})
)


class SqlaInterviewRepository:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(
        self, company_id: UUID, interview_id: UUID, *, for_update: bool = False
    ) -> Interview | None:
        parameters = {"company_id": company_id, "interview_id": interview_id}
        run = self._session.execute if for_update else self._session.read
        row = (await run(_GET[for_update], parameters)).one_or_none()
        return None if row is None else _interview_from_row(row)

    async def live_pair_exists(
        self, company_id: UUID, candidate_id: UUID, vacancy_id: UUID, *, other_than: UUID | None
    ) -> bool:
        condition = and_(
            interviews.c.company_id == company_id,
            interviews.c.candidate_id == candidate_id,
            interviews.c.vacancy_id == vacancy_id,
            interviews.c.deleted_at.is_(None),
        )
        if other_than is not None:
            condition = and_(condition, interviews.c.id != other_than)
        result = await self._session.execute(select(exists().where(condition)))
        return bool(result.scalar())

    async def add(self, interview: Interview) -> None:
        await self._session.execute(
            insert(interviews).values(
                id=interview.id,
                company_id=interview.company_id,
                candidate_id=interview.candidate_id,
                vacancy_id=interview.vacancy_id,
                stage_code=interview.stage_code,
                stage_entered_at=interview.stage_entered_at,
                created_by=interview.created_by,
                created_at=interview.created_at,
                updated_at=interview.updated_at,
                deleted_at=interview.deleted_at,
                version=interview.version,
            )
        )

    async def save(self, interview: Interview, expected_version: int) -> None:
        parameters = {
            "of_company": interview.company_id,
            "of_interview": interview.id,
            "expected_version": expected_version,
            **{f"new_{name}": getattr(interview, name) for name in _SAVED_FIELDS},
        }
        result = await self._session.execute(_SAVE, parameters)
        if result.rowcount == 1:
            return
        still_there = await self._session.execute(
            select(literal(1)).where(
                interviews.c.company_id == interview.company_id, interviews.c.id == interview.id
            )
        )
        if still_there.first() is None:
            raise NotFound("no such interview")
        raise PreconditionFailed("the interview was changed by someone else")


def _result_from_row(row: Any) -> StageResult:
    return StageResult(
        id=row.id,
        company_id=row.company_id,
        interview_id=row.interview_id,
        old_stage_code=row.old_stage_code,
        new_stage_code=row.new_stage_code,
        note=row.note,
        seconds_in_old_stage=row.seconds_in_old_stage,
        created_by=row.created_by,
        created_at=row.created_at,
        deleted_at=row.deleted_at,
    )


class SqlaStageResultRepository:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(
        self, company_id: UUID, interview_id: UUID, result_id: UUID, *, for_update: bool = False
    ) -> StageResult | None:
        results = interview_stage_results
        query = select(results).where(
            results.c.company_id == company_id,
            results.c.interview_id == interview_id,
            results.c.id == result_id,
        )
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else _result_from_row(row)

    async def add(self, result: StageResult) -> None:
        await self._session.execute(
            insert(interview_stage_results),
            {
                "id": result.id,
                "company_id": result.company_id,
                "interview_id": result.interview_id,
                "old_stage_code": result.old_stage_code,
                "new_stage_code": result.new_stage_code,
                "note": result.note,
                "seconds_in_old_stage": result.seconds_in_old_stage,
                "created_by": result.created_by,
                "created_at": result.created_at,
                "deleted_at": result.deleted_at,
            },
        )

    async def save(self, result: StageResult) -> None:
        results = interview_stage_results
        outcome = await self._session.execute(
            update(results)
            .where(results.c.company_id == result.company_id, results.c.id == result.id)
            .values(deleted_at=result.deleted_at)
        )
        if outcome.rowcount != 1:
            raise NotFound("no such stage result")


class SqlaInterviewParties:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def check(self, company_id: UUID, candidate_id: UUID, vacancy_id: UUID) -> PartyState:
        query = select(
            exists().where(_live(candidates, company_id, candidate_id)).label("candidate"),
            exists().where(_live(vacancies, company_id, vacancy_id)).label("vacancy"),
        )
        row = (await self._session.execute(query)).one()
        return PartyState(candidate_live=bool(row.candidate), vacancy_live=bool(row.vacancy))
