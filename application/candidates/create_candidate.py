from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from application.caller import Caller
from application.candidates.references import CandidateReferences, SkillChoice
from application.candidates.views import CandidateCard
from application.events.recorder import EventRecorder
from application.ports.candidate_queries import CandidateQueries
from application.ports.candidates import CandidateRepository
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from domain.candidates.candidate import Candidate
from domain.candidates.contacts import ContactDraft
from domain.candidates.languages import LanguageDraft
from domain.candidates.work_places import WorkPlaceDraft
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateCandidateRequest:
    first_name: str
    last_name: str
    middle_name: str | None = None
    birth_date: date | None = None
    min_salary: int | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None
    address_code: int | None = None
    citizenship_code: int | None = None
    family_status_code: int | None = None
    contacts: Sequence[ContactDraft] = field(default=())
    work_places: Sequence[WorkPlaceDraft] = field(default=())
    languages: Sequence[LanguageDraft] = field(default=())
    skills: Sequence[SkillChoice] = field(default=())
    notes: Sequence[str] = field(default=())

    def fields(self) -> dict[str, Any]:
        """The card's own fields and child lists, as the aggregate names them."""
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "middle_name": self.middle_name,
            "birth_date": self.birth_date,
            "min_salary": self.min_salary,
            "position_id": self.position_id,
            "grade_id": self.grade_id,
            "address_code": self.address_code,
            "citizenship_code": self.citizenship_code,
            "family_status_code": self.family_status_code,
            "contacts": self.contacts,
            "work_places": self.work_places,
            "languages": self.languages,
        }


class CreateCandidate:
    """Hiring staff (admin, manager, recruiter) add a whole candidate card at once: contacts,
    work places, languages, skills (by id, or by name: a new name joins the company's skill
    dictionary) and first notes, in one transaction. Every code must be live in its reference
    and every id the caller's company's; all problems are reported together."""

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

    async def execute(self, caller: Caller, request: CreateCandidateRequest) -> CandidateCard:
        caller.authorize(Resource.CANDIDATES, Action.CREATE)
        now, today = self._clock.now(), self._clock.today()
        problems = ProblemCollector()
        fields = request.fields()
        await self._references.check(caller.company_id, fields, problems)
        skills = await self._references.plan_skills(
            caller.company_id, request.skills, now, problems
        )
        candidate = None
        try:
            candidate = Candidate.create(
                id=self._ids.new_id(),
                company_id=caller.company_id,
                created_by=caller.user_id,
                now=now,
                today=today,
                new_id=self._ids.new_id,
                skill_ids=skills.ids,
                notes=request.notes,
                **fields,
            )
        except InvalidInput as error:
            problems.absorb(error)
        problems.raise_if_any()
        assert candidate is not None

        candidate.adopt_skill_ids(await self._references.store(skills, caller))
        await self._candidates.add(candidate)
        await self._events.created(caller, candidate)
        card = await self._queries.get(caller.company_id, candidate.id, today)
        assert card is not None, "a candidate just added reads back"
        await self._uow.commit()
        return card
