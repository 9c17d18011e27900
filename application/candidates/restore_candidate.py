from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.candidates.views import CandidateCard
from application.events.recorder import EventRecorder
from application.for_change import for_change
from application.ports.candidate_queries import CandidateQueries
from application.ports.candidates import CandidateRepository
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource


class RestoreCandidate:
    """Hiring staff bring a soft-deleted candidate of their company back with every child it
    had. Restoring a live candidate changes nothing and returns its card."""

    def __init__(
        self,
        candidates: CandidateRepository,
        queries: CandidateQueries,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._candidates = candidates
        self._queries = queries
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, candidate_id: UUID) -> CandidateCard:
        caller.authorize(Resource.CANDIDATES, Action.DELETE)  # who may delete may undo it
        candidate = await for_change(
            self._candidates.get(
                caller.company_id, candidate_id, for_update=True, include_deleted=True
            ),
            "candidate",
        )
        version = candidate.version
        if candidate.restore(self._clock.now()):
            await self._candidates.save(candidate, expected_version=version)
            await self._events.record(caller, "candidate.restored", candidate.id)
        card = await self._queries.get(caller.company_id, candidate.id, self._clock.today())
        assert card is not None, "a restored candidate reads back"
        await self._uow.commit()
        return card
