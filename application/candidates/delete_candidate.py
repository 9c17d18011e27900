from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.events.recorder import EventRecorder
from application.for_change import for_change
from application.ports.candidates import CandidateRepository
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True)
class DeleteCandidateRequest:
    candidate_id: UUID
    expected_version: int | None = None  # from If-Match


class DeleteCandidate:
    """Hiring staff delete a candidate of their company softly: it leaves lists and reads, its
    data stays, and a restore brings it back whole. A stale `expected_version` changes nothing."""

    def __init__(
        self,
        candidates: CandidateRepository,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._candidates = candidates
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: DeleteCandidateRequest) -> None:
        caller.authorize(Resource.CANDIDATES, Action.DELETE)
        candidate = await for_change(
            self._candidates.get(caller.company_id, request.candidate_id, for_update=True),
            "candidate",
            request.expected_version,
        )
        version = candidate.version
        candidate.soft_delete(self._clock.now())
        await self._candidates.save(candidate, expected_version=version)
        await self._events.record(caller, "candidate.deleted", candidate.id)
        await self._uow.commit()
