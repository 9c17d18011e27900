"""Candidates in the original system's shapes, and its request bodies.

The old card keeps a creation time and author on every child row; Gefest keeps them on the card
and its notes, so the card's stand in for the other children (docs/legacy.md)."""

from __future__ import annotations

import gc
from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from application.candidates.views import CandidateCard, EncodedCandidateList, ExperienceView
from domain.candidates.contacts import ContactDraft
from domain.candidates.languages import LanguageDraft
from domain.candidates.work_places import WorkPlaceDraft
from entrypoints.legacy.schemas.common import NamedRow, Ref
from entrypoints.legacy.schemas.vacancies import CodeValue, OldSkill, OldSkillLink

Text = Annotated[str, msgspec.Meta(max_length=2000)]
Money = Annotated[int, msgspec.Meta(ge=0, le=2_147_483_647)]
Id = UUID | str
"""An id as the old card passes it on: a UUID, or the text a listed card's JSON holds (PostgreSQL
writes a uuid as msgspec does, so the answer is the same either way; see `ListedCard`)."""


class OldLevel(msgspec.Struct, frozen=True, gc=False):
    code: int
    value: str
    level_code: str


class OldContact(msgspec.Struct, frozen=True, gc=False):
    id: Id
    type: CodeValue
    value: str
    is_priority: bool
    created_at: datetime
    creator_id: Id


class OldWorkPlace(msgspec.Struct, frozen=True, gc=False):
    id: Id
    position: str
    company: str
    work_from: date
    work_to: date | None
    is_actual: bool
    created_at: datetime
    creator_id: Id


class OldLanguage(msgspec.Struct, frozen=True, gc=False):
    id: Id
    language: CodeValue
    language_level: OldLevel
    created_at: datetime
    creator_id: Id


class OldNote(msgspec.Struct, frozen=True, gc=False):
    id: Id
    note: str
    created_at: datetime
    creator_id: Id


class OldCandidate(msgspec.Struct, frozen=True, gc=False):
    id: Id
    first_name: str
    last_name: str
    middle_name: str | None
    birth_date: date | None
    min_salary: int | None
    position: NamedRow | None
    grade: NamedRow | None
    adress: Ref | None
    citizenship: Ref | None
    family_status: CodeValue | None
    contacts: list[OldContact]
    work_places: list[OldWorkPlace]
    total_work_expirience: str
    languages: list[OldLanguage]
    notes: list[OldNote]
    skills: list[OldSkillLink]
    created_at: datetime
    creator_id: Id


class OldCandidateList(msgspec.Struct, frozen=True, gc=False):
    candidates: list[OldCandidate]
    count: int


class OldContactInput(msgspec.Struct):
    type_code: int
    value: Text
    is_priority: bool = False
    id: UUID | None = None


class OldWorkPlaceInput(msgspec.Struct):
    company: Text
    position: Text
    work_from: date
    work_to: date | None = None
    is_actual: bool | None = None
    id: UUID | None = None


class OldLanguageInput(msgspec.Struct):
    language_code: int
    language_level_code: int
    id: UUID | None = None


class OldNoteInput(msgspec.Struct):
    note: Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
    id: UUID | None = None


class OldCandidateBody(msgspec.Struct, kw_only=True):
    """Create and update take the same whole record (children in an update may carry ids)."""

    first_name: Annotated[str, msgspec.Meta(max_length=100)]
    last_name: Annotated[str, msgspec.Meta(max_length=100)]
    family_status_code: int
    middle_name: Annotated[str, msgspec.Meta(max_length=100)] | None = None
    birth_date: date | None = None
    min_salary: Money | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None
    adress_code: int | None = None
    citizenship_code: int | None = None
    contacts: list[OldContactInput] = []
    work_places: list[OldWorkPlaceInput] = []
    languages: list[OldLanguageInput] = []
    notes: list[OldNoteInput] = []
    skills: list[dict[str, object]] = []


def contact_drafts(body: OldCandidateBody) -> tuple[ContactDraft, ...]:
    return tuple(ContactDraft(c.type_code, c.value, c.is_priority, c.id) for c in body.contacts)


def work_place_drafts(body: OldCandidateBody) -> tuple[WorkPlaceDraft, ...]:
    return tuple(
        WorkPlaceDraft(w.position, w.company, w.work_from, w.work_to, w.is_actual, w.id)
        for w in body.work_places
    )


def language_drafts(body: OldCandidateBody) -> tuple[LanguageDraft, ...]:
    return tuple(
        LanguageDraft(x.language_code, x.language_level_code, x.id) for x in body.languages
    )


class _Listed(msgspec.Struct, frozen=True, gc=False):
    """What the old card reads of a card of Gefest's list JSON (the rest is skipped unread), with
    ids left as text: a page's hundreds of ids were most of what decoding it into `CandidateCard`
    cost.

    `gc=False` here and on the old shapes: they are frozen and hold no cycles, and a page makes
    thousands of them; tracked by the garbage collector, they set off collections that cost more
    than the decoding (the legacy page ran at 66% of the main one, 87% untracked)."""


class _ListedRow(_Listed):
    id: str
    name: str


class _ListedPerson(_Listed):
    id: str


class _ListedContact(_Listed):
    id: str
    type: CodeValue
    value: str
    is_priority: bool


class _ListedWorkPlace(_Listed):
    id: str
    position: str
    company: str
    work_from: date
    work_to: date | None
    is_actual: bool


class _ListedLanguage(_Listed):
    id: str
    language: CodeValue
    level: OldLevel


class _ListedNote(_Listed):
    id: str
    text: str
    author: _ListedPerson
    created_at: datetime


class ListedCard(_Listed):
    """A card of `EncodedCandidateList` under Gefest's names, as `old_candidate` reads it."""

    id: str
    first_name: str
    last_name: str
    middle_name: str | None
    birth_date: date | None
    min_salary: int | None
    position: _ListedRow | None
    grade: _ListedRow | None
    address: CodeValue | None
    citizenship: CodeValue | None
    family_status: CodeValue | None
    contacts: list[_ListedContact]
    work_places: list[_ListedWorkPlace]
    total_experience: ExperienceView
    languages: list[_ListedLanguage]
    notes: list[_ListedNote]
    skills: list[_ListedRow]
    created_by: _ListedPerson
    created_at: datetime


_LISTED_CARD = msgspec.json.Decoder(ListedCard)


def experience_text(experience: ExperienceView) -> str:
    """The old `total_work_expirience`: years and months, in Russian, as the old cards showed it
    ("3 года 2 месяца"); overlapping work places are counted once (Gefest's total)."""
    parts = []
    if experience.years:
        parts.append(f"{experience.years} {_plural(experience.years, 'год', 'года', 'лет')}")
    if experience.months or not parts:
        months = experience.months
        parts.append(f"{months} {_plural(months, 'месяц', 'месяца', 'месяцев')}")
    return " ".join(parts)


def _plural(number: int, one: str, few: str, many: str) -> str:
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def _ref(ref) -> Ref | None:
    return None if ref is None else Ref(code=ref.code, value=ref.value)


def _row(ref) -> NamedRow | None:
    return None if ref is None else NamedRow(id=ref.id, name=ref.name)


def old_candidates(page: EncodedCandidateList) -> OldCandidateList:
    """The old list of a page of encoded cards, read as `ListedCard`s. The collector waits
    meanwhile: the page's lists (every card has five) would set off a collection or two of
    objects that all live on until the answer is sent, and nothing here can form a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        cards = [old_candidate(_LISTED_CARD.decode(card)) for card in page.items]
    finally:
        if enabled:
            gc.enable()
    return OldCandidateList(cards, page.count)


def old_candidate(card: CandidateCard | ListedCard) -> OldCandidate:
    created, creator = card.created_at, card.created_by.id
    return OldCandidate(
        id=card.id,
        first_name=card.first_name,
        last_name=card.last_name,
        middle_name=card.middle_name,
        birth_date=card.birth_date,
        min_salary=card.min_salary,
        position=_row(card.position),
        grade=_row(card.grade),
        adress=_ref(card.address),
        citizenship=_ref(card.citizenship),
        family_status=None
        if card.family_status is None
        else CodeValue(card.family_status.code, card.family_status.value),
        contacts=[
            OldContact(
                c.id, CodeValue(c.type.code, c.type.value), c.value, c.is_priority, created, creator
            )
            for c in card.contacts
        ],
        work_places=[
            OldWorkPlace(
                w.id, w.position, w.company, w.work_from, w.work_to, w.is_actual, created, creator
            )
            for w in card.work_places
        ],
        total_work_expirience=experience_text(card.total_experience),
        languages=[
            OldLanguage(
                x.id,
                CodeValue(x.language.code, x.language.value),
                OldLevel(x.level.code, x.level.value, x.level.level_code),
                created,
                creator,
            )
            for x in card.languages
        ],
        notes=[OldNote(n.id, n.text, n.created_at, n.author.id) for n in card.notes],
        skills=[
            OldSkillLink(s.id, OldSkill(s.id, s.name, s.name.lower()), created, creator)
            for s in card.skills
        ],
        created_at=created,
        creator_id=creator,
    )


def new_notes(body: OldCandidateBody) -> tuple[str, ...]:
    """The notes of a body that are new (no id): Gefest keeps a note as it was written, so an old
    note sent back with its id is left as it is."""
    return tuple(note.note for note in body.notes if note.id is None)
