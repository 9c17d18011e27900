from __future__ import annotations

from uuid import UUID

from application.caller import Caller
from application.candidates.views import CandidateCard
from application.for_change import found
from application.ports.candidate_queries import CandidateQueries
from application.ports.system import Clock
from domain.identity.permissions import Action, Resource


class GetCandidate:
    """Hiring staff and customers read a live candidate card of their company, total experience
    counted up to today. A card of another company, or a soft-deleted one, does not exist."""

    def __init__(self, candidates: CandidateQueries, clock: Clock) -> None:
        self._candidates = candidates
        self._clock = clock

    async def execute(self, caller: Caller, candidate_id: UUID) -> CandidateCard:
        caller.authorize(Resource.CANDIDATES, Action.READ)
        return found(
            await self._candidates.get(caller.company_id, candidate_id, self._clock.today()),
            "candidate",
        )
