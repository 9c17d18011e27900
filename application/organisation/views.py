from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from domain.organisation.org_unit import OrgUnit


class OrgUnitView(msgspec.Struct, frozen=True, kw_only=True):
    """A department, position or grade as every client sees it."""

    id: UUID
    name: str
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, unit: OrgUnit) -> OrgUnitView:
        return cls(
            id=unit.id,
            name=unit.name,
            created_at=unit.created_at,
            updated_at=unit.updated_at,
            version=unit.version,
        )


class OrgUnitList(msgspec.Struct, frozen=True):
    items: list[OrgUnitView]
    count: int
