from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from application.organisation.views import OrgUnitList, OrgUnitView
from application.pagination import Page, Sort
from domain.organisation.org_unit import OrgKind, OrgUnit

ORG_UNIT_SORT_FIELDS = ("name", "created_at")


@dataclass(frozen=True, slots=True)
class OrgUnitListCriteria:
    """`q` is matched case-insensitively anywhere in the name; `sort.field` is one of
    ORG_UNIT_SORT_FIELDS (name compares case-insensitively); ties are broken by id."""

    q: str | None = None
    sort: Sort = field(default_factory=lambda: Sort("name"))
    page: Page = field(default_factory=Page)


class OrgUnitRepository(Protocol):
    async def get(
        self, company_id: UUID, kind: OrgKind, unit_id: UUID, *, for_update: bool = False
    ) -> OrgUnit | None: ...

    async def add(self, unit: OrgUnit) -> None:
        """Raises AlreadyExists when the company has this name (case-insensitively) of this kind."""
        ...

    async def save(self, unit: OrgUnit, expected_version: int) -> None:
        """Raises PreconditionFailed if the stored version is not `expected_version`, NotFound if
        the row is gone, AlreadyExists if the new name is taken."""
        ...

    async def delete(self, unit: OrgUnit) -> None:
        """Deletes the row at `unit.version`. Raises InUse while a user, candidate or vacancy
        points at it, PreconditionFailed if it changed meanwhile, NotFound if it is gone."""
        ...


class OrgUnitQueries(Protocol):
    async def get(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> OrgUnitView | None: ...

    async def list(
        self, company_id: UUID, kind: OrgKind, criteria: OrgUnitListCriteria
    ) -> OrgUnitList: ...
