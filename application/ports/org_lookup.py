from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol
from uuid import UUID

from domain.organisation.org_unit import OrgKind


class OrgUnitLookup(Protocol):
    """Whether a department, position or grade a payload points at belongs to the company."""

    async def exists(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> bool:
        """False for an unknown id and for another company's row alike: nothing leaks."""
        ...

    async def missing(self, company_id: UUID, units: Mapping[OrgKind, UUID]) -> set[OrgKind]:
        """The kinds whose unit (one per kind) the company does not have, found at once."""
        ...
