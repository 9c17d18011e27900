from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.organisation.org_unit import OrgKind


class OrgUnitLookup(Protocol):
    """Whether a department, position or grade a payload points at belongs to the company."""

    async def exists(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> bool:
        """False for an unknown id and for another company's row alike: nothing leaks."""
        ...
