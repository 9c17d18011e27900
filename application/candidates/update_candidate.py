from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from application.caller import Caller
from application.candidates.references import CandidateReferences, SkillChoice
from application.candidates.views import CandidateCard
from application.events.recorder import EventRecorder, snapshot
from application.for_change import for_change
from application.ports.candidate_queries import CandidateQueries
from application.ports.candidates import CandidateRepository
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from domain.candidates.contacts import ContactDraft
from domain.candidates.languages import LanguageDraft
from domain.candidates.work_places import WorkPlaceDraft
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.permissions import Action, Resource

EDITABLE = (
    "first_name",
    "last_name",
    "middle_name",
    "birth_date",
    "min_salary",
    "position_id",
    "grade_id",
    "address_code",
    "citizenship_code",
    "family_status_code",
    "contacts",
    "work_places",
    "languages",
)


class UpdateCandidateRequest(msgspec.Struct, frozen=True, kw_only=True):
    """A partial update: UNSET leaves a field as it is; None clears a nullable one; a child
    list (contacts, work places, languages, skills) replaces the whole list."""

    candidate_id: UUID
    expected_version: int | None = None  # from If-Match; None: the row lock orders writers
    first_name: str | UnsetType = UNSET
    last_name: str | UnsetType = UNSET
    middle_name: str | UnsetType | None = UNSET
    birth_date: date | UnsetType | None = UNSET
    min_salary: int | UnsetType | None = UNSET
    position_id: UUID | UnsetType | None = UNSET
    grade_id: UUID | UnsetType | None = UNSET
    address_code: int | UnsetType | None = UNSET
    citizenship_code: int | UnsetType | None = UNSET
    family_status_code: int | UnsetType | None = UNSET
    contacts: Sequence[ContactDraft] | UnsetType = UNSET
    work_places: Sequence[WorkPlaceDraft] | UnsetType = UNSET
    languages: Sequence[LanguageDraft] | UnsetType = UNSET
    skills: Sequence[SkillChoice] | UnsetType = UNSET

    def sent(self) -> dict[str, Any]:
        """The fields the client sent, as the aggregate names them (skills aside)."""
        return {name: getattr(self, name) for name in EDITABLE if getattr(self, name) is not UNSET}


class UpdateCandidate:
    """Hiring staff edit a live candidate of their company: the fields sent change, the others
    stay. Child lists are whole lists (an item with an id is updated, one without is added, a
    missing one is removed). A stale `expected_version` changes nothing. Without one, writers
    of a candidate take turns on a row lock, so the stored card is always exactly one
    request's, never a mix of two. Sending what is stored changes nothing, version included."""

    def __init__(
        self,
        candidates: CandidateRepository,
        queries: CandidateQueries,
        references: CandidateReferences,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._candidates = candidates
        self._queries = queries
        self._references = references
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: UpdateCandidateRequest) -> CandidateCard:
        caller.authorize(Resource.CANDIDATES, Action.UPDATE)
        candidate = await for_change(
            self._candidates.get(caller.company_id, request.candidate_id, for_update=True),
            "candidate",
            request.expected_version,
        )

        now, today = self._clock.now(), self._clock.today()
        problems = ProblemCollector()
        changes = request.sent()
        await self._references.check(caller.company_id, changes, problems)
        skills = None
        if request.skills is not UNSET:
            skills = await self._references.plan_skills(
                caller.company_id, request.skills, now, problems
            )
            changes["skill_ids"] = skills.ids
        version, before = candidate.version, snapshot(candidate)
        changed = False
        try:
            changed = candidate.update(changes, now=now, today=today, new_id=self._ids.new_id)
        except InvalidInput as error:
            problems.absorb(error)
        problems.raise_if_any()

        if changed:
            if skills is not None:
                candidate.adopt_skill_ids(await self._references.store(skills, caller))
            await self._candidates.save(candidate, expected_version=version)
            await self._events.changed(caller, "candidate.updated", candidate, before)
        card = await self._queries.get(caller.company_id, candidate.id, today)
        assert card is not None, "a live candidate reads back"
        await self._uow.commit()
        return card
