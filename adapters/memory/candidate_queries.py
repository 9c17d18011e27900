"""The candidate read model over the in-memory store, with the semantics of the SQL one.

Reads the aggregates InMemoryCandidateRepository keeps in `store.table("candidates")` (children
inside), positions and grades from `store.table("positions" | "grades")`, skills from
`store.table("skills")`, users from `store.users`, reference values from the same JSON the
migration loads. Orders, filters and the `q` search behave as SqlaCandidateQueries does.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from typing import Any
from uuid import UUID

import msgspec

from adapters.memory.store import InMemoryStore
from application.candidates.views import (
    CandidateCard,
    CandidateFilters,
    CandidateNoteView,
    ContactView,
    EncodedCandidateList,
    ExperienceView,
    LanguageLevelRef,
    LanguageView,
    WorkPlaceView,
)
from application.pagination import Page, Sort
from application.views import CodeRef, NamedRef, PersonRef
from domain.candidates.experience import total_experience

TABLE = "candidates"


def _normalized(text: str) -> str:
    return text.lower().replace("ё", "е")


def _load_references() -> dict[str, dict[int, dict[str, Any]]]:
    raw = resources.files("adapters.postgres").joinpath("reference-data.json").read_text("utf-8")
    data: dict[str, list[dict[str, Any]]] = json.loads(raw)
    return {name: {int(row["code"]): row for row in rows} for name, rows in data.items()}


class InMemoryCandidateQueries:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._refs = _load_references()

    async def get(self, company_id: UUID, candidate_id: UUID, today: date) -> CandidateCard | None:
        candidate = self._store.table(TABLE).get(candidate_id)
        if candidate is None or candidate.company_id != company_id or candidate.deleted_at:
            return None
        return self._card(candidate, today)

    async def list(
        self, company_id: UUID, filters: CandidateFilters, page: Page, sort: Sort, today: date
    ) -> EncodedCandidateList:
        found = [
            candidate
            for candidate in self._store.table(TABLE).values()
            if candidate.company_id == company_id
            and candidate.deleted_at is None
            and self._matches(candidate, filters)
        ]
        found.sort(key=lambda candidate: candidate.id)
        if sort.field == "min_salary":
            with_salary = [c for c in found if c.min_salary is not None]
            with_salary.sort(key=lambda c: c.min_salary, reverse=sort.descending)
            found = with_salary + [c for c in found if c.min_salary is None]
        else:
            found.sort(key=lambda c: getattr(c, sort.field), reverse=sort.descending)
        window = found[page.offset : page.offset + page.limit]
        cards = [msgspec.Raw(msgspec.json.encode(self._card(c, today))) for c in window]
        return EncodedCandidateList(items=cards, count=len(found))

    # --- filters -------------------------------------------------------------------------------

    def _matches(self, candidate: Any, filters: CandidateFilters) -> bool:
        c = candidate
        words = (filters.q or "").split()
        if words:
            text = self._search_text(c)
            if not all(_normalized(word) in text for word in words):
                return False
        for value, fragment in (
            (c.first_name, filters.first_name),
            (c.last_name, filters.last_name),
            (c.middle_name, filters.middle_name),
        ):
            if fragment and (value is None or fragment.lower() not in value.lower()):
                return False
        checks = (
            not filters.ids or c.id in filters.ids,
            filters.position_id is None or c.position_id == filters.position_id,
            filters.grade_id is None or c.grade_id == filters.grade_id,
            filters.address_code is None or c.address_code == filters.address_code,
            set(filters.skill_ids) <= set(c.skill_ids),
            filters.salary_from is None
            or (c.min_salary is not None and c.min_salary >= filters.salary_from),
            filters.salary_to is None
            or (c.min_salary is not None and c.min_salary <= filters.salary_to),
            filters.created_from is None or c.created_at >= _midnight(filters.created_from),
            filters.created_to is None
            or c.created_at < _midnight(filters.created_to + timedelta(days=1)),
        )
        return all(checks)

    def _search_text(self, c: Any) -> str:
        skills = self._store.table("skills")
        parts = [
            c.last_name,
            c.first_name,
            c.middle_name,
            *(contact.value for contact in c.contacts),
            *(skills[skill_id].name for skill_id in c.skill_ids if skill_id in skills),
            *(f"{place.company} {place.position}" for place in c.work_places),
            *(note.text for note in c.notes),
        ]
        return _normalized(" ".join(part for part in parts if part))

    # --- the card ------------------------------------------------------------------------------

    def _card(self, c: Any, today: date) -> CandidateCard:
        experience = total_experience(((w.work_from, w.work_to) for w in c.work_places), today)
        skills = self._store.table("skills")
        linked = [skills[skill_id] for skill_id in c.skill_ids if skill_id in skills]
        linked.sort(key=lambda skill: (skill.normalized_name, skill.id))
        return CandidateCard(
            id=c.id,
            first_name=c.first_name,
            last_name=c.last_name,
            middle_name=c.middle_name,
            birth_date=c.birth_date,
            min_salary=None if c.min_salary is None else int(c.min_salary),
            position=self._named("positions", c.position_id),
            grade=self._named("grades", c.grade_id),
            address=self._code("addresses", c.address_code),
            citizenship=self._code("countries", c.citizenship_code),
            family_status=self._code("family_statuses", c.family_status_code),
            contacts=[
                ContactView(
                    id=contact.id,
                    type=self._code("contact_types", contact.type_code)
                    or CodeRef(code=contact.type_code, value=""),
                    value=contact.value,
                    is_priority=contact.is_priority,
                )
                for contact in c.contacts
            ],
            work_places=[
                WorkPlaceView(
                    id=place.id,
                    position=place.position,
                    company=place.company,
                    work_from=place.work_from,
                    work_to=place.work_to,
                    is_actual=place.is_actual,
                )
                for place in c.work_places
            ],
            total_experience=ExperienceView(years=experience.years, months=experience.months),
            languages=[
                self._language(language)
                for language in sorted(c.languages, key=lambda lang: (lang.language_code, lang.id))
            ],
            notes=[
                CandidateNoteView(
                    id=note.id,
                    text=note.text,
                    author=self._person(note.author_id),
                    created_at=note.created_at,
                )
                for note in sorted(c.notes, key=lambda note: (note.created_at, note.id))
            ],
            skills=[NamedRef(id=skill.id, name=skill.name) for skill in linked],
            created_by=self._person(c.created_by),
            created_at=c.created_at,
            updated_at=c.updated_at,
            version=c.version,
        )

    def _named(self, table: str, row_id: UUID | None) -> NamedRef | None:
        row = None if row_id is None else self._store.table(table).get(row_id)
        return None if row is None else NamedRef(id=row.id, name=row.name)

    def _code(self, reference: str, code: int | None) -> CodeRef | None:
        row = None if code is None else self._refs.get(reference, {}).get(code)
        return None if row is None else CodeRef(code=int(row["code"]), value=str(row["value"]))

    def _language(self, language: Any) -> LanguageView:
        level = self._refs["language_levels"].get(language.level_code, {})
        return LanguageView(
            id=language.id,
            language=self._code("languages", language.language_code)
            or CodeRef(code=language.language_code, value=""),
            level=LanguageLevelRef(
                code=language.level_code,
                value=str(level.get("value", "")),
                level_code=str(level.get("level_code", "")),
            ),
        )

    def _person(self, user_id: UUID) -> PersonRef:
        user = self._store.users.get(user_id)
        if user is None:
            return PersonRef(id=user_id, first_name="", last_name="")
        return PersonRef(id=user.id, first_name=user.first_name, last_name=user.last_name)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
