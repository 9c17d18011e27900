"""The text the vacancy list's `q` searches: `vacancies.search_text`.

It holds the names of the vacancy's position and department, its project and its skill names,
lower-cased with `ё` written `е`, separated by spaces. The write side refreshes it after every
save, in one statement; renaming a position or department refreshes the vacancies that point at
it (adapters/postgres/search_index.py; skills are never renamed). The list matches every word of
`q` as a substring of it (served by the trigram index `ix_vacancies_search_text_trgm`).
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, select, update

from adapters.postgres.session import PgSession
from adapters.postgres.tables import departments, positions, skills, vacancies, vacancy_skills
from adapters.postgres.text_search import search_text_of, skill_names_of


def _name_of(table, column) -> ColumnElement:
    return (
        select(table.c.name)
        .where(table.c.company_id == vacancies.c.company_id, table.c.id == column)
        .scalar_subquery()
    )


def _search_text_expression() -> ColumnElement:
    return search_text_of(
        _name_of(positions, vacancies.c.position_id),
        _name_of(departments, vacancies.c.department_id),
        vacancies.c.project,
        skill_names_of(vacancy_skills, "vacancy_id", vacancies, skills),
    )


async def refresh_vacancy_search_text(
    session: PgSession, company_id: UUID, ids: Sequence[UUID]
) -> None:
    """Recompute `search_text` of these vacancies of the company from their current rows."""
    if not ids:
        return
    await refresh_vacancy_search_text_where(session, company_id, vacancies.c.id.in_(list(ids)))


async def refresh_vacancy_search_text_where(
    session: PgSession, company_id: UUID, condition: ColumnElement[bool]
) -> None:
    """Recompute `search_text` of the company's vacancies that meet `condition`, in one
    statement. Neither `version` nor `updated_at` changes: the vacancy itself did not."""
    await session.execute(
        update(vacancies)
        .where(vacancies.c.company_id == company_id, condition)
        .values(search_text=_search_text_expression())
    )
