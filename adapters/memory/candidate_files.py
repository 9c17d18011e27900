from __future__ import annotations

import copy
from uuid import UUID

from adapters.memory.store import InMemoryStore
from application.errors import AlreadyExists
from domain.candidates.files import CandidateFile

_LIVE_CONTENT = "the candidate already has a live file of this content"


class InMemoryCandidateFileRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._files: dict[UUID, tuple[UUID, CandidateFile]] = store.table("candidate_files")

    def _of(self, company_id: UUID, candidate_id: UUID) -> list[CandidateFile]:
        return [
            copy.copy(file)
            for owner, file in self._files.values()
            if owner == company_id and file.candidate_id == candidate_id
        ]

    async def get(
        self, company_id: UUID, candidate_id: UUID, file_id: UUID
    ) -> CandidateFile | None:
        return next((f for f in self._of(company_id, candidate_id) if f.id == file_id), None)

    async def list_live(self, company_id: UUID, candidate_id: UUID) -> list[CandidateFile]:
        live = [f for f in self._of(company_id, candidate_id) if f.is_live]
        return sorted(live, key=lambda f: (f.created_at, f.id), reverse=True)

    async def count_live(self, company_id: UUID, candidate_id: UUID) -> int:
        return len(await self.list_live(company_id, candidate_id))

    async def find_live_content(
        self, company_id: UUID, candidate_id: UUID, sha256: str
    ) -> CandidateFile | None:
        live = await self.list_live(company_id, candidate_id)
        return next((f for f in live if f.sha256 == sha256), None)

    def _refuse_repeat(self, company_id: UUID, file: CandidateFile) -> None:
        if file.is_live and any(
            other.id != file.id and other.is_live and other.sha256 == file.sha256
            for other in self._of(company_id, file.candidate_id)
        ):
            raise AlreadyExists(_LIVE_CONTENT)

    async def add(self, company_id: UUID, file: CandidateFile) -> None:
        self._refuse_repeat(company_id, file)
        self._files[file.id] = (company_id, copy.copy(file))

    async def save(self, company_id: UUID, file: CandidateFile) -> None:
        stored = self._files.get(file.id)
        if stored is None or stored[0] != company_id:
            return
        self._refuse_repeat(company_id, file)
        stored[1].deleted_at = file.deleted_at
