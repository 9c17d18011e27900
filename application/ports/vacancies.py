from __future__ import annotations

from typing import Protocol
from uuid import UUID

from application.pagination import Page, Sort
from application.vacancies.views import VacancyFilters, VacancyList, VacancyView
from domain.vacancies.vacancy import Vacancy


class VacancyRepository(Protocol):
    async def get(
        self,
        company_id: UUID,
        vacancy_id: UUID,
        *,
        include_deleted: bool = False,
        for_update: bool = False,
    ) -> Vacancy | None:
        """The vacancy with its skill ids; a soft-deleted one only with `include_deleted`.
        `for_update` locks the row until the transaction ends, so concurrent writers take turns."""
        ...

    async def add(self, vacancy: Vacancy) -> None: ...

    async def save(self, vacancy: Vacancy, expected_version: int) -> None:
        """Stores every field and the skill list. Raises PreconditionFailed if the stored
        version is not `expected_version`, NotFound if the row is gone."""
        ...


class VacancyQueries(Protocol):
    """The vacancy read model, in a fixed number of round trips per call."""

    async def get(self, company_id: UUID, vacancy_id: UUID) -> VacancyView | None:
        """None when there is no such vacancy in the company or it is soft-deleted."""
        ...

    async def list(
        self, company_id: UUID, filters: VacancyFilters, page: Page, sort: Sort
    ) -> VacancyList:
        """One page of live vacancies matching every filter, in `sort` order (ties by id),
        with the total number of matches."""
        ...
