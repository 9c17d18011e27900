"""Keeps the denormalized search text of lists in step with renamed organisation units."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Column

from adapters.postgres.session import PgSession
from adapters.postgres.tables import vacancies
from adapters.postgres.vacancy_search import refresh_vacancy_search_text_where
from domain.organisation.org_unit import OrgKind

# Which vacancy column points at a unit whose name `vacancies.search_text` holds. Grades are not
# searched; candidates' search text holds no organisation unit names (their work places' positions
# are free text), so they have nothing to refresh.
_VACANCY_COLUMNS: dict[OrgKind, Column] = {
    OrgKind.DEPARTMENT: vacancies.c.department_id,
    OrgKind.POSITION: vacancies.c.position_id,
}


class SqlaSearchIndex:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def org_unit_renamed(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> None:
        column = _VACANCY_COLUMNS.get(kind)
        if column is not None:
            await refresh_vacancy_search_text_where(self._session, company_id, column == unit_id)
