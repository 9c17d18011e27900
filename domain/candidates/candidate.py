"""The Candidate aggregate: the card and its children, valid as a whole or not at all.

Child lists follow the rule of the original system: a list replaces the whole list; an item
with an `id` updates that child, an item without one is added with a new id, and a child the
list does not mention is removed. Every problem of a payload is reported at once, with the
path the client sent (`contacts[1].value`).

Which reference codes exist and which ids belong to the company is not the aggregate's to
know: the application checks them before it asks the aggregate to change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from domain.candidates.contacts import Contact, ContactDraft
from domain.candidates.languages import Language, LanguageDraft
from domain.candidates.notes import Note
from domain.candidates.values import birth_date, optional_person_name, person_name, salary
from domain.candidates.work_places import WorkPlace, WorkPlaceDraft
from domain.errors import InvalidInput, ProblemCollector, RuleConflict

NewId = Callable[[], UUID]

REQUIRED_FIELDS = frozenset({"first_name", "last_name"})
NULLABLE_FIELDS = frozenset(
    {
        "middle_name",
        "birth_date",
        "min_salary",
        "position_id",
        "grade_id",
        "address_code",
        "citizenship_code",
        "family_status_code",
    }
)
CHILD_LISTS = frozenset({"contacts", "work_places", "languages", "skill_ids"})
UPDATABLE_FIELDS = REQUIRED_FIELDS | NULLABLE_FIELDS | CHILD_LISTS


class _Draft(Protocol):
    @property
    def id(self) -> UUID | None: ...


class _Child(Protocol):
    @property
    def id(self) -> UUID: ...


D = TypeVar("D", bound=_Draft)
C = TypeVar("C", bound=_Child)


def _merge(
    path: str,
    existing: Sequence[C],
    drafts: Sequence[D],
    build: Callable[[UUID, D], C],
    new_id: NewId,
    problems: ProblemCollector,
) -> list[C]:
    known = {child.id for child in existing}
    seen: set[UUID] = set()
    merged: list[C] = []
    for index, draft in enumerate(drafts):
        item_path = f"{path}[{index}]"
        if draft.id is None:
            child_id = new_id()
        elif draft.id not in known:
            problems.add(f"{item_path}.id", "no such item on this candidate; omit id to add one")
            continue
        elif draft.id in seen:
            problems.add(f"{item_path}.id", "the same item appears more than once")
            continue
        else:
            child_id = draft.id
            seen.add(child_id)
        try:
            merged.append(build(child_id, draft))
        except InvalidInput as error:
            problems.absorb(error, item_path)
    return merged


def _scalar(name: str, value: Any, today: date) -> Any:
    """The stored form of one plain field, or InvalidInput at `name`."""
    if name in REQUIRED_FIELDS:
        if value is None:
            raise InvalidInput.single(name, "required")
        return person_name(value, name)
    if name == "middle_name":
        return optional_person_name(value, name)
    if value is None:
        return None
    if name == "birth_date":
        return birth_date(value, today, name)
    if name == "min_salary":
        return salary(value, name)
    return value  # ids and codes: checked against the company and the references upstream


def _check_contacts(drafts: Sequence[ContactDraft], problems: ProblemCollector) -> None:
    priority = [index for index, draft in enumerate(drafts) if draft.is_priority]
    for index in priority[1:]:
        problems.add(f"contacts[{index}].is_priority", "only one contact may be the priority one")


def _check_languages(drafts: Sequence[LanguageDraft], problems: ProblemCollector) -> None:
    seen: set[int] = set()
    for index, draft in enumerate(drafts):
        if draft.language_code in seen:
            problems.add(f"languages[{index}].language_code", "a language appears only once")
        seen.add(draft.language_code)


def _skill_set(ids: Sequence[UUID]) -> list[UUID]:
    """Skills are a set; kept sorted so that equal sets compare equal."""
    return sorted(set(ids))


@dataclass(slots=True)
class Candidate:
    """A person the hiring staff consider, with contacts, work history, languages, notes and
    skills (ids of the company's dictionary). Every change bumps `version`; a deleted card
    keeps all of it until restored."""

    id: UUID
    company_id: UUID
    first_name: str
    last_name: str
    created_by: UUID
    created_at: datetime
    updated_at: datetime
    middle_name: str | None = None
    birth_date: date | None = None
    min_salary: int | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None
    address_code: int | None = None
    citizenship_code: int | None = None
    family_status_code: int | None = None
    contacts: list[Contact] = field(default_factory=list)
    work_places: list[WorkPlace] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    skill_ids: list[UUID] = field(default_factory=list)
    deleted_at: datetime | None = None
    version: int = 1

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        company_id: UUID,
        created_by: UUID,
        now: datetime,
        today: date,
        new_id: NewId,
        first_name: str,
        last_name: str,
        middle_name: str | None = None,
        birth_date: date | None = None,
        min_salary: int | None = None,
        position_id: UUID | None = None,
        grade_id: UUID | None = None,
        address_code: int | None = None,
        citizenship_code: int | None = None,
        family_status_code: int | None = None,
        contacts: Sequence[ContactDraft] = (),
        work_places: Sequence[WorkPlaceDraft] = (),
        languages: Sequence[LanguageDraft] = (),
        skill_ids: Sequence[UUID] = (),
        notes: Sequence[str] = (),
    ) -> Candidate:
        """A new card, children included; notes are written by its creator. Raises
        InvalidInput with every problem of the payload."""
        fields: dict[str, Any] = {
            "first_name": first_name,
            "last_name": last_name,
            "middle_name": middle_name,
            "birth_date": birth_date,
            "min_salary": min_salary,
            "position_id": position_id,
            "grade_id": grade_id,
            "address_code": address_code,
            "citizenship_code": citizenship_code,
            "family_status_code": family_status_code,
            "contacts": contacts,
            "work_places": work_places,
            "languages": languages,
            "skill_ids": skill_ids,
        }
        candidate = cls(
            id=id,
            company_id=company_id,
            first_name="",
            last_name="",
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
        problems = ProblemCollector()
        values = candidate._validated(fields, today, new_id, problems)
        written: list[Note] = []
        # Notes of one moment are read back in id order: hand out ascending ids in list order.
        note_ids = sorted(new_id() for _ in notes)
        for index, (note_id, text) in enumerate(zip(note_ids, notes, strict=True)):
            try:
                written.append(Note.write(note_id, text, created_by, now))
            except InvalidInput as error:
                problems.absorb(error, f"notes[{index}]")
        problems.raise_if_any()
        for name, value in values.items():
            setattr(candidate, name, value)
        candidate.notes = written
        return candidate

    def update(
        self, changes: Mapping[str, Any], *, now: datetime, today: date, new_id: NewId
    ) -> bool:
        """A partial update: only the named fields change; `None` clears a nullable field;
        a child list replaces the whole list. Returns whether anything changed (a change
        bumps the version). Raises InvalidInput with every problem of the payload."""
        unknown = set(changes) - UPDATABLE_FIELDS
        if unknown:
            raise ValueError(f"not updatable: {', '.join(sorted(unknown))}")
        self._ensure_live()
        problems = ProblemCollector()
        values = self._validated(changes, today, new_id, problems)
        problems.raise_if_any()
        changed = {name: value for name, value in values.items() if getattr(self, name) != value}
        if not changed:
            return False
        for name, value in changed.items():
            setattr(self, name, value)
        self._touch(now)
        return True

    def replace_contacts(
        self, drafts: Sequence[ContactDraft], *, now: datetime, new_id: NewId
    ) -> bool:
        return self.update({"contacts": drafts}, now=now, today=now.date(), new_id=new_id)

    def replace_work_places(
        self, drafts: Sequence[WorkPlaceDraft], *, now: datetime, today: date, new_id: NewId
    ) -> bool:
        return self.update({"work_places": drafts}, now=now, today=today, new_id=new_id)

    def replace_languages(
        self, drafts: Sequence[LanguageDraft], *, now: datetime, new_id: NewId
    ) -> bool:
        return self.update({"languages": drafts}, now=now, today=now.date(), new_id=new_id)

    def replace_skills(self, skill_ids: Sequence[UUID], *, now: datetime) -> bool:
        return self.update({"skill_ids": skill_ids}, now=now, today=now.date(), new_id=_no_ids)

    def adopt_skill_ids(self, skill_ids: Sequence[UUID]) -> None:
        """The same skills under the ids the dictionary stored them with (a new name that a
        concurrent writer added first): no change of the card, so no new version."""
        self.skill_ids = _skill_set(skill_ids)

    def add_note(self, note_id: UUID, text: str, author_id: UUID, now: datetime) -> Note:
        """Appends a note (notes are never rewritten). Raises InvalidInput at `text`."""
        self._ensure_live()
        note = Note.write(note_id, text, author_id, now)
        self.notes.append(note)
        self._touch(now)
        return note

    def soft_delete(self, now: datetime) -> bool:
        """Hides the card from lists and reads; its data stays for a restore."""
        if self.is_deleted:
            return False
        self.deleted_at = now
        self._touch(now)
        return True

    def restore(self, now: datetime) -> bool:
        """Brings a deleted card back exactly as it was; a live card stays as it is."""
        if not self.is_deleted:
            return False
        self.deleted_at = None
        self._touch(now)
        return True

    def _validated(
        self, fields: Mapping[str, Any], today: date, new_id: NewId, problems: ProblemCollector
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, value in fields.items():
            if name in CHILD_LISTS:
                continue
            try:
                values[name] = _scalar(name, value, today)
            except InvalidInput as error:
                problems.absorb(error)
        if "contacts" in fields:
            drafts = list(fields["contacts"] or ())
            values["contacts"] = _merge(
                "contacts", self.contacts, drafts, Contact.build, new_id, problems
            )
            _check_contacts(drafts, problems)
        if "work_places" in fields:
            places = list(fields["work_places"] or ())
            values["work_places"] = _merge(
                "work_places",
                self.work_places,
                places,
                lambda id, draft: WorkPlace.build(id, draft, today),
                new_id,
                problems,
            )
        if "languages" in fields:
            spoken = list(fields["languages"] or ())
            merged = _merge("languages", self.languages, spoken, Language.build, new_id, problems)
            # a language appears once, so the language orders them (as the database reads them)
            values["languages"] = sorted(merged, key=lambda language: language.language_code)
            _check_languages(spoken, problems)
        if "skill_ids" in fields:
            values["skill_ids"] = _skill_set(list(fields["skill_ids"] or ()))
        return values

    def _ensure_live(self) -> None:
        if self.is_deleted:
            raise RuleConflict("the candidate is deleted; restore it first")

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1


def _no_ids() -> UUID:
    raise AssertionError("a skill list creates no children")
