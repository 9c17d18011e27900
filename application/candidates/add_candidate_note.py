from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.candidates.views import CandidateNoteView
from application.events.recorder import EventRecorder, snapshot
from application.for_change import for_change
from application.ports.candidate_queries import CandidateQueries
from application.ports.candidates import CandidateRepository
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True)
class AddCandidateNoteRequest:
    candidate_id: UUID
    text: str


class AddCandidateNote:
    """Hiring staff add a note to a live candidate without resending the card; the caller is
    its author. Concurrent notes never overwrite each other: each is appended."""

    def __init__(
        self,
        candidates: CandidateRepository,
        queries: CandidateQueries,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._candidates = candidates
        self._queries = queries
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: AddCandidateNoteRequest) -> CandidateNoteView:
        caller.authorize(Resource.CANDIDATES, Action.UPDATE)
        candidate = await for_change(
            self._candidates.get(caller.company_id, request.candidate_id, for_update=True),
            "candidate",
        )
        version, before = candidate.version, snapshot(candidate)
        note = candidate.add_note(
            self._ids.new_id(), request.text, caller.user_id, self._clock.now()
        )
        await self._candidates.save(candidate, expected_version=version)
        await self._events.changed(caller, "candidate.note_added", candidate, before)
        card = await self._queries.get(caller.company_id, candidate.id, self._clock.today())
        assert card is not None, "a live candidate reads back"
        view = next(item for item in card.notes if item.id == note.id)
        await self._uow.commit()
        return view
