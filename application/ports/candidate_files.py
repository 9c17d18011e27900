from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.candidates.files import CandidateFile


class CandidateFileRepository(Protocol):
    """A company's candidate files, live and soft-deleted. Every call is scoped to the company
    and the candidate: a file of another candidate is not found."""

    async def get(
        self, company_id: UUID, candidate_id: UUID, file_id: UUID
    ) -> CandidateFile | None:
        """The file, live or deleted."""
        ...

    async def list_live(self, company_id: UUID, candidate_id: UUID) -> list[CandidateFile]:
        """The live files, newest first (ties by id, newest first)."""
        ...

    async def count_live(self, company_id: UUID, candidate_id: UUID) -> int: ...

    async def find_live_content(
        self, company_id: UUID, candidate_id: UUID, sha256: str
    ) -> CandidateFile | None:
        """The live file of this content, if the candidate has one."""
        ...

    async def add(self, company_id: UUID, file: CandidateFile) -> None:
        """Raises AlreadyExists when a live file of the same content exists (a concurrent
        upload)."""
        ...

    async def save(self, company_id: UUID, file: CandidateFile) -> None:
        """Writes the file's deletion state; a restore that repeats a live file's content raises
        AlreadyExists."""
        ...
