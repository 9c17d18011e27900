from __future__ import annotations

import copy
from uuid import UUID

from adapters.memory.store import InMemoryStore
from application.errors import AlreadyExists, NotFound, PreconditionFailed
from domain.candidates.candidate import Candidate

TABLE = "candidates"


class InMemoryCandidateRepository:
    """Candidates (children included) as whole aggregates in `store.table("candidates")`."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(
        self,
        company_id: UUID,
        candidate_id: UUID,
        *,
        for_update: bool = False,
        include_deleted: bool = False,
    ) -> Candidate | None:
        candidate = self._store.table(TABLE).get(candidate_id)
        if candidate is None or candidate.company_id != company_id:
            return None
        if candidate.is_deleted and not include_deleted:
            return None
        return copy.deepcopy(candidate)

    async def add(self, candidate: Candidate) -> None:
        if candidate.id in self._store.table(TABLE):
            raise AlreadyExists("such a candidate already exists")
        self._store.table(TABLE)[candidate.id] = copy.deepcopy(candidate)

    async def save(self, candidate: Candidate, expected_version: int) -> None:
        stored = self._store.table(TABLE).get(candidate.id)
        if stored is None or stored.company_id != candidate.company_id:
            raise NotFound("no such candidate")
        if stored.version != expected_version:
            raise PreconditionFailed("the candidate was changed by someone else")
        self._store.table(TABLE)[candidate.id] = copy.deepcopy(candidate)
