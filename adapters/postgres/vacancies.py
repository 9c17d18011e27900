from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.postgres.session import PgSession
from adapters.postgres.tables import vacancies, vacancy_skills
from adapters.postgres.vacancy_search import refresh_vacancy_search_text
from application.errors import NotFound, PreconditionFailed
from domain.vacancies.vacancy import TERM_FIELDS, Vacancy, VacancyTerms

_STORED_TERMS = tuple(name for name in TERM_FIELDS if name != "skill_ids")  # skills: own table


def _values(vacancy: Vacancy) -> dict[str, Any]:
    return {
        **{name: getattr(vacancy.terms, name) for name in _STORED_TERMS},
        "updated_at": vacancy.updated_at,
        "deleted_at": vacancy.deleted_at,
        "version": vacancy.version,
    }


def _money(value: Any) -> int | None:
    return None if value is None else int(value)


def _vacancy_from_row(row: Any, skill_ids: tuple[UUID, ...]) -> Vacancy:
    terms = {name: getattr(row, name) for name in _STORED_TERMS}
    terms["salary_from"] = _money(row.salary_from)
    terms["salary_to"] = _money(row.salary_to)
    return Vacancy(
        id=row.id,
        company_id=row.company_id,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        terms=VacancyTerms(**terms, skill_ids=skill_ids),
        deleted_at=row.deleted_at,
        version=row.version,
    )


class SqlaVacancyRepository:
    """Writes the vacancy row, its skill links and its search text; the version column makes
    every save optimistic."""

    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(
        self,
        company_id: UUID,
        vacancy_id: UUID,
        *,
        include_deleted: bool = False,
        for_update: bool = False,
    ) -> Vacancy | None:
        query = select(vacancies).where(
            vacancies.c.company_id == company_id, vacancies.c.id == vacancy_id
        )
        if not include_deleted:
            query = query.where(vacancies.c.deleted_at.is_(None))
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        if row is None:
            return None
        skill_rows = await self._session.execute(
            select(vacancy_skills.c.skill_id)
            .where(
                vacancy_skills.c.company_id == company_id,
                vacancy_skills.c.vacancy_id == vacancy_id,
            )
            .order_by(vacancy_skills.c.skill_id)
        )
        return _vacancy_from_row(row, tuple(skill_rows.scalars()))

    async def add(self, vacancy: Vacancy) -> None:
        await self._session.execute(
            insert(vacancies).values(
                id=vacancy.id,
                company_id=vacancy.company_id,
                created_by=vacancy.created_by,
                created_at=vacancy.created_at,
                **_values(vacancy),
            )
        )
        await self._add_skills(vacancy)
        await refresh_vacancy_search_text(self._session, vacancy.company_id, [vacancy.id])

    async def save(self, vacancy: Vacancy, expected_version: int) -> None:
        result = await self._session.execute(
            update(vacancies)
            .where(
                vacancies.c.company_id == vacancy.company_id,
                vacancies.c.id == vacancy.id,
                vacancies.c.version == expected_version,
            )
            .values(**_values(vacancy))
        )
        if result.rowcount != 1:
            await self._explain_missed_update(vacancy)
        await self._session.execute(
            delete(vacancy_skills).where(
                vacancy_skills.c.company_id == vacancy.company_id,
                vacancy_skills.c.vacancy_id == vacancy.id,
                vacancy_skills.c.skill_id.not_in(list(vacancy.terms.skill_ids)),
            )
        )
        await self._add_skills(vacancy)
        await refresh_vacancy_search_text(self._session, vacancy.company_id, [vacancy.id])

    async def _add_skills(self, vacancy: Vacancy) -> None:
        if not vacancy.terms.skill_ids:
            return
        await self._session.execute(
            pg_insert(vacancy_skills)
            .values(
                [
                    {"company_id": vacancy.company_id, "vacancy_id": vacancy.id, "skill_id": s}
                    for s in vacancy.terms.skill_ids
                ]
            )
            .on_conflict_do_nothing()
        )

    async def _explain_missed_update(self, vacancy: Vacancy) -> None:
        found = await self._session.execute(
            select(
                exists().where(
                    vacancies.c.company_id == vacancy.company_id, vacancies.c.id == vacancy.id
                )
            )
        )
        if not found.scalar():
            raise NotFound("no such vacancy")
        raise PreconditionFailed("the vacancy was changed by someone else")
