from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any
from uuid import UUID

from adapters.memory.store import InMemoryStore
from application.errors import NotFound, PreconditionFailed
from application.pagination import Page, Sort
from application.vacancies.views import VacancyFilters, VacancyList, VacancyView
from application.views import CodeRef, NamedRef, PersonRef
from domain.interviews.interview import HIRED_STAGE_CODE
from domain.vacancies.vacancy import Vacancy

TABLE = "vacancies"


class InMemoryVacancyRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(
        self,
        company_id: UUID,
        vacancy_id: UUID,
        *,
        include_deleted: bool = False,
        for_update: bool = False,
    ) -> Vacancy | None:
        vacancy = self._store.table(TABLE).get(vacancy_id)
        if vacancy is None or vacancy.company_id != company_id:
            return None
        if vacancy.is_deleted and not include_deleted:
            return None
        return copy.copy(vacancy)

    async def add(self, vacancy: Vacancy) -> None:
        self._store.table(TABLE)[vacancy.id] = copy.copy(vacancy)

    async def save(self, vacancy: Vacancy, expected_version: int) -> None:
        stored = self._store.table(TABLE).get(vacancy.id)
        if stored is None or stored.company_id != vacancy.company_id:
            raise NotFound("no such vacancy")
        if stored.version != expected_version:
            raise PreconditionFailed("the vacancy was changed by someone else")
        self._store.table(TABLE)[vacancy.id] = copy.copy(vacancy)


@cache
def _reference_values() -> dict[str, dict[int, str]]:
    raw = resources.files("adapters.postgres").joinpath("reference-data.json").read_text("utf-8")
    data: dict[str, list[dict[str, Any]]] = json.loads(raw)
    return {
        name: {int(row["code"]): str(row["value"]) for row in rows} for name, rows in data.items()
    }


def _searchable(text: str) -> str:
    return text.lower().replace("ё", "е")


class InMemoryVacancyQueries:
    """The same answers as the SQL read model, computed from the store's rows."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(self, company_id: UUID, vacancy_id: UUID) -> VacancyView | None:
        vacancy = self._store.table(TABLE).get(vacancy_id)
        if vacancy is None or vacancy.company_id != company_id or vacancy.is_deleted:
            return None
        return self._view(vacancy)

    async def list(
        self, company_id: UUID, filters: VacancyFilters, page: Page, sort: Sort
    ) -> VacancyList:
        found = [
            v
            for v in self._store.table(TABLE).values()
            if v.company_id == company_id and not v.is_deleted and self._matches(v, filters)
        ]
        found.sort(key=lambda v: v.id, reverse=sort.descending)
        if sort.field == "deadline":
            # Vacancies without a deadline come last in either direction.
            dated = sorted(
                (v for v in found if v.terms.deadline is not None),
                key=lambda v: v.terms.deadline,
                reverse=sort.descending,
            )
            found = dated + [v for v in found if v.terms.deadline is None]
        elif sort.field == "priority":
            found.sort(key=lambda v: v.terms.priority_code, reverse=sort.descending)
        else:
            found.sort(key=lambda v: v.created_at, reverse=sort.descending)
        items = found[page.offset : page.offset + page.limit]
        return VacancyList(items=[self._view(v) for v in items], count=len(found))

    def _matches(self, vacancy: Vacancy, f: VacancyFilters) -> bool:
        equal = {
            "recruiter_id": f.recruiter_id,
            "department_id": f.department_id,
            "position_id": f.position_id,
            "grade_id": f.grade_id,
            "priority_code": f.priority_code,
            "status_code": f.status_code,
            "address_code": f.address_code,
        }
        if f.ids and vacancy.id not in f.ids:
            return False
        terms = vacancy.terms
        if any(want is not None and getattr(terms, name) != want for name, want in equal.items()):
            return False
        if not set(f.skill_ids) <= set(vacancy.terms.skill_ids):
            return False
        if f.salary_from is not None and (
            vacancy.terms.salary_to is not None and vacancy.terms.salary_to < f.salary_from
        ):
            return False
        if f.salary_to is not None and (
            vacancy.terms.salary_from is not None and vacancy.terms.salary_from > f.salary_to
        ):
            return False
        if f.created_from is not None and vacancy.created_at < _start_of(f.created_from):
            return False
        if f.created_to is not None and vacancy.created_at >= _start_of(f.created_to) + timedelta(
            days=1
        ):
            return False
        if f.deadline_from is not None and (
            vacancy.terms.deadline is None or vacancy.terms.deadline < f.deadline_from
        ):
            return False
        if f.deadline_to is not None and (
            vacancy.terms.deadline is None or vacancy.terms.deadline > f.deadline_to
        ):
            return False
        if f.q:
            text = self._search_text(vacancy)
            return all(word in text for word in _searchable(f.q).split())
        return True

    def _search_text(self, vacancy: Vacancy) -> str:
        parts = [
            self._named("positions", vacancy.terms.position_id),
            self._named("departments", vacancy.terms.department_id),
        ]
        words = [p.name for p in parts if p is not None]
        words.append(vacancy.terms.project or "")
        words.extend(s.name for s in self._skills(vacancy))
        return _searchable(" ".join(words))

    def _view(self, vacancy: Vacancy) -> VacancyView:
        terms = vacancy.terms
        position = self._named("positions", terms.position_id)
        department = self._named("departments", terms.department_id)
        creator = self._person(vacancy.created_by)
        assert position is not None and department is not None and creator is not None
        return VacancyView(
            id=vacancy.id,
            position=position,
            department=department,
            grade=self._named("grades", terms.grade_id),
            salary_from=terms.salary_from,
            salary_to=terms.salary_to,
            employee_count=terms.employee_count,
            hired_count=self._hired_count(vacancy),
            priority=_code("vacancy_priorities", terms.priority_code),
            status=_code("vacancy_statuses", terms.status_code),
            deadline=terms.deadline,
            address=_code("addresses", terms.address_code) if terms.address_code else None,
            project=terms.project,
            recruiter=self._person(terms.recruiter_id),
            skills=self._skills(vacancy),
            created_by=creator,
            created_at=vacancy.created_at,
            updated_at=vacancy.updated_at,
            version=vacancy.version,
        )

    def _hired_count(self, vacancy: Vacancy) -> int:
        return sum(
            1
            for row in self._store.table("interviews").values()
            if row.company_id == vacancy.company_id
            and row.vacancy_id == vacancy.id
            and row.stage_code == HIRED_STAGE_CODE
            and row.deleted_at is None
        )

    def _skills(self, vacancy: Vacancy) -> list[NamedRef]:
        table = self._store.table("skills")
        found = [table[i] for i in vacancy.terms.skill_ids if i in table]
        return [NamedRef(id=s.id, name=s.name) for s in sorted(found, key=lambda s: (s.name, s.id))]

    def _named(self, table: str, row_id: UUID | None) -> NamedRef | None:
        row = None if row_id is None else self._store.table(table).get(row_id)
        return None if row is None else NamedRef(id=row.id, name=row.name)

    def _person(self, user_id: UUID | None) -> PersonRef | None:
        user = None if user_id is None else self._store.users.get(user_id)
        if user is None:
            return None
        return PersonRef(id=user.id, first_name=user.first_name, last_name=user.last_name)


def _code(reference: str, code: int) -> CodeRef:
    return CodeRef(code=code, value=_reference_values()[reference][code])


def _start_of(day: Any) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)
