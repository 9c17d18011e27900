"""The candidate card as API.md shows it, and the request shapes of the candidate list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

import msgspec

from application.listing import ListFilters
from application.views import CodeRef, NamedRef, PersonRef


class LanguageLevelRef(msgspec.Struct, frozen=True):
    """A language level: `{code, value, level_code}` (`level_code` like "B2")."""

    code: int
    value: str
    level_code: str


class ContactView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    type: CodeRef
    value: str
    is_priority: bool


class WorkPlaceView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    position: str
    company: str
    work_from: date
    work_to: date | None
    is_actual: bool


class ExperienceView(msgspec.Struct, frozen=True, kw_only=True):
    years: int
    months: int


class LanguageView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    language: CodeRef
    level: LanguageLevelRef


class CandidateNoteView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    text: str
    author: PersonRef
    created_at: datetime


class CandidateCard(msgspec.Struct, frozen=True, kw_only=True):
    """The whole card: what `GET /candidates/{id}` returns and what every list item is."""

    id: UUID
    first_name: str
    last_name: str
    middle_name: str | None
    birth_date: date | None
    min_salary: int | None
    position: NamedRef | None
    grade: NamedRef | None
    address: CodeRef | None
    citizenship: CodeRef | None
    family_status: CodeRef | None
    contacts: list[ContactView]
    work_places: list[WorkPlaceView]
    total_experience: ExperienceView
    languages: list[LanguageView]
    notes: list[CandidateNoteView]
    skills: list[NamedRef]
    created_by: PersonRef
    created_at: datetime
    updated_at: datetime
    version: int


class CandidateList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CandidateCard]
    count: int


class EncodedCandidateList(msgspec.Struct, frozen=True, kw_only=True):
    """A `CandidateList` whose cards the read model hands over already encoded as JSON: a page is
    answered as JSON only, and decoding 50 whole cards just to encode them again was the largest
    part of what a list request cost the service."""

    items: list[msgspec.Raw]
    count: int

    def decoded(self) -> CandidateList:
        items = [msgspec.json.decode(card, type=CandidateCard) for card in self.items]
        return CandidateList(items=items, count=self.count)


CANDIDATE_SORTS = ("created_at", "last_name", "min_salary")
DEFAULT_CANDIDATE_SORT = "-created_at"


@dataclass(frozen=True, slots=True, kw_only=True)
class CandidateFilters(ListFilters):
    """The list's filters; None (or empty) means "not filtered". Every given filter must match.

    `q`: every word is a case-insensitive substring of the candidate's search text (`е` = `ё`).
    Names: case-insensitive substrings. `skill_ids`: the candidate has all of them. `ids`: one of
    these candidates (what another read model needs of the cards it names).
    Salaries bound `min_salary` inclusively; `created_from`/`created_to` are inclusive dates (UTC).
    """

    ids: tuple[UUID, ...] = field(default=())
    q: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None
    address_code: int | None = None
    skill_ids: tuple[UUID, ...] = field(default=())
    salary_from: int | None = None
    salary_to: int | None = None
    created_from: date | None = None
    created_to: date | None = None

    ranges = (("salary_from", "salary_to"), ("created_from", "created_to"))
