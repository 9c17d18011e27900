from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.candidates.candidate import Candidate


class CandidateRepository(Protocol):
    """The Candidate aggregate with every child (contacts, work places, languages, notes,
    skill ids), read and written as one."""

    async def get(
        self,
        company_id: UUID,
        candidate_id: UUID,
        *,
        for_update: bool = False,
        include_deleted: bool = False,
    ) -> Candidate | None:
        """None for another company's candidate and, unless `include_deleted`, for a
        soft-deleted one. `for_update` locks the row until the transaction ends, so writers
        of one candidate take turns."""
        ...

    async def add(self, candidate: Candidate) -> None: ...

    async def save(self, candidate: Candidate, expected_version: int) -> None:
        """Writes the card and its children (soft delete and restore included). Raises
        PreconditionFailed if the stored version is not `expected_version`, NotFound if the
        row is gone."""
        ...
