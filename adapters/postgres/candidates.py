"""The Candidate aggregate on `candidates` and its five child tables.

Loading is one statement (children as JSON arrays next to the parent row). Saving is the
parent's UPDATE with the version check, then per child table at most one DELETE, one UPDATE
and one INSERT (the last two as executemany), then the search text: a fixed number of
statements whatever the number of children.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.dialects.postgresql import JSON, aggregate_order_by

from adapters.postgres.candidate_children import refresh_card_children
from adapters.postgres.candidate_search import refresh_search_text
from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    candidate_contacts,
    candidate_languages,
    candidate_notes,
    candidate_skills,
    candidate_work_places,
    candidates,
)
from application.errors import NotFound, PreconditionFailed
from domain.candidates.candidate import Candidate
from domain.candidates.contacts import Contact
from domain.candidates.languages import Language
from domain.candidates.notes import Note
from domain.candidates.work_places import WorkPlace

Row = dict[str, Any]

_EMPTY = text("'[]'::json")


def _children(table: Table, columns: Iterable[ColumnElement], order: Iterable[Any]) -> Any:
    item = func.json_build_array(*columns)
    aggregated = func.coalesce(func.json_agg(aggregate_order_by(item, *order)), _EMPTY)
    query = select(aggregated).where(
        table.c.company_id == candidates.c.company_id, table.c.candidate_id == candidates.c.id
    )
    return type_coerce(query.scalar_subquery(), JSON)


_c, _w, _l, _n = (
    candidate_contacts.c,
    candidate_work_places.c,
    candidate_languages.c,
    candidate_notes.c,
)
_LOAD = select(
    candidates,
    _children(
        candidate_contacts, [_c.id, _c.type_code, _c.value, _c.is_priority], [_c.sort_order, _c.id]
    ).label("contacts_json"),
    _children(
        candidate_work_places,
        [_w.id, _w.position, _w.company, _w.work_from, _w.work_to, _w.is_actual],
        [_w.sort_order, _w.id],
    ).label("work_places_json"),
    _children(
        candidate_languages, [_l.id, _l.language_code, _l.level_code], [_l.language_code, _l.id]
    ).label("languages_json"),
    _children(
        candidate_notes, [_n.id, _n.text, _n.author_id, _n.created_at], [_n.created_at, _n.id]
    ).label("notes_json"),
    _children(candidate_skills, [candidate_skills.c.skill_id], [candidate_skills.c.skill_id]).label(
        "skills_json"
    ),
)


def _optional_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _candidate_from_row(row: Any) -> Candidate:
    return Candidate(
        id=row.id,
        company_id=row.company_id,
        first_name=row.first_name,
        last_name=row.last_name,
        middle_name=row.middle_name,
        birth_date=row.birth_date,
        min_salary=None if row.min_salary is None else int(row.min_salary),
        position_id=row.position_id,
        grade_id=row.grade_id,
        address_code=row.address_code,
        citizenship_code=row.citizenship_code,
        family_status_code=row.family_status_code,
        contacts=[
            Contact(id=UUID(i), type_code=t, value=v, is_priority=p)
            for i, t, v, p in row.contacts_json
        ],
        work_places=[
            WorkPlace(
                id=UUID(i),
                position=p,
                company=c,
                work_from=date.fromisoformat(f),
                work_to=_optional_date(t),
                is_actual=a,
            )
            for i, p, c, f, t, a in row.work_places_json
        ],
        languages=[
            Language(id=UUID(i), language_code=lang, level_code=level)
            for i, lang, level in row.languages_json
        ],
        notes=[
            Note(id=UUID(i), text=t, author_id=UUID(a), created_at=datetime.fromisoformat(c))
            for i, t, a, c in row.notes_json
        ],
        skill_ids=[UUID(s) for (s,) in row.skills_json],
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
        version=row.version,
    )


def _parent_values(candidate: Candidate) -> Row:
    return {
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "middle_name": candidate.middle_name,
        "birth_date": candidate.birth_date,
        "min_salary": candidate.min_salary,
        "position_id": candidate.position_id,
        "grade_id": candidate.grade_id,
        "address_code": candidate.address_code,
        "citizenship_code": candidate.citizenship_code,
        "family_status_code": candidate.family_status_code,
        "updated_at": candidate.updated_at,
        "deleted_at": candidate.deleted_at,
        "version": candidate.version,
    }


def _contact_rows(candidate: Candidate) -> list[Row]:
    return [
        {"id": c.id, "type_code": c.type_code, "value": c.value, "is_priority": c.is_priority,
         "sort_order": index}
        for index, c in enumerate(candidate.contacts)
    ]  # fmt: skip


def _work_place_rows(candidate: Candidate) -> list[Row]:
    return [
        {"id": w.id, "position": w.position, "company": w.company, "work_from": w.work_from,
         "work_to": w.work_to, "is_actual": w.is_actual, "sort_order": index}
        for index, w in enumerate(candidate.work_places)
    ]  # fmt: skip


def _language_rows(candidate: Candidate) -> list[Row]:
    return [
        {"id": x.id, "language_code": x.language_code, "level_code": x.level_code}
        for x in candidate.languages
    ]


def _note_rows(candidate: Candidate) -> list[Row]:
    return [
        {"id": n.id, "text": n.text, "author_id": n.author_id, "created_at": n.created_at}
        for n in candidate.notes
    ]


# table, rows of a candidate, replace changed rows (delete + insert) instead of updating them.
# Languages are replaced: swapping the languages of two rows would trip the unique
# (candidate_id, language_code) index half-way through an UPDATE.
_CHILD_TABLES: list[tuple[Table, Callable[[Candidate], list[Row]], bool]] = [
    (candidate_contacts, _contact_rows, False),
    (candidate_work_places, _work_place_rows, False),
    (candidate_languages, _language_rows, True),
    (candidate_notes, _note_rows, False),
]


def _card_lists_differ(before: Candidate, after: Candidate) -> bool:
    """Whether the lists a card stores (all children but notes) changed."""
    rows_differ = any(
        rows_of(before) != rows_of(after)
        for rows_of in (_contact_rows, _work_place_rows, _language_rows)
    )
    return rows_differ or set(before.skill_ids) != set(after.skill_ids)


class SqlaCandidateRepository:
    def __init__(self, session: PgSession) -> None:
        self._session = session
        # What the database holds for each candidate this request loaded or wrote: saving
        # writes only the difference.
        self._stored: dict[UUID, Candidate] = {}

    async def get(
        self,
        company_id: UUID,
        candidate_id: UUID,
        *,
        for_update: bool = False,
        include_deleted: bool = False,
    ) -> Candidate | None:
        where = [candidates.c.company_id == company_id, candidates.c.id == candidate_id]
        if not include_deleted:
            where.append(candidates.c.deleted_at.is_(None))
        if for_update:
            # Lock first, read after: a statement that waited for the lock sees the locked row
            # as committed meanwhile but its children as of before the wait. A new statement
            # (READ COMMITTED) sees the children the previous writer committed.
            lock = select(candidates.c.id).where(*where).with_for_update()
            if (await self._session.execute(lock)).one_or_none() is None:
                return None
        row = (await self._session.execute(_LOAD.where(*where))).one_or_none()
        if row is None:
            return None
        candidate = _candidate_from_row(row)
        self._stored[candidate.id] = copy.deepcopy(candidate)
        return candidate

    async def add(self, candidate: Candidate) -> None:
        await self._session.execute(
            insert(candidates).values(
                id=candidate.id,
                company_id=candidate.company_id,
                created_by=candidate.created_by,
                created_at=candidate.created_at,
                **_parent_values(candidate),
            )
        )
        empty = Candidate(
            id=candidate.id,
            company_id=candidate.company_id,
            first_name="",
            last_name="",
            created_by=candidate.created_by,
            created_at=candidate.created_at,
            updated_at=candidate.updated_at,
        )
        await self._write_children(empty, candidate)

    async def save(self, candidate: Candidate, expected_version: int) -> None:
        result = await self._session.execute(
            update(candidates)
            .where(
                candidates.c.company_id == candidate.company_id,
                candidates.c.id == candidate.id,
                candidates.c.version == expected_version,
            )
            .values(**_parent_values(candidate))
        )
        if result.rowcount != 1:
            await self._explain_missed_row(candidate)
        before = self._stored.get(candidate.id)
        if before is None:
            before = await self.get(candidate.company_id, candidate.id, include_deleted=True)
            assert before is not None
        await self._write_children(before, candidate)

    async def _write_children(self, before: Candidate, after: Candidate) -> None:
        for table, rows_of, replace_changed in _CHILD_TABLES:
            await self._sync(table, after, rows_of(before), rows_of(after), replace_changed)
        await self._sync_skills(before, after)
        await refresh_search_text(self._session, after.company_id, [after.id])
        if _card_lists_differ(before, after):
            await refresh_card_children(self._session, after.company_id, [after.id])
        self._stored[after.id] = copy.deepcopy(after)

    async def _sync(
        self,
        table: Table,
        candidate: Candidate,
        before_rows: list[Row],
        after_rows: list[Row],
        replace_changed: bool,
    ) -> None:
        before = {row["id"]: row for row in before_rows}
        kept = {row["id"] for row in after_rows}
        removed = [row_id for row_id in before if row_id not in kept]
        added = [row for row in after_rows if row["id"] not in before]
        changed = [row for row in after_rows if row["id"] in before and before[row["id"]] != row]
        if replace_changed:
            removed += [row["id"] for row in changed]
            added += changed
            changed = []
        owner = {"company_id": candidate.company_id, "candidate_id": candidate.id}
        if removed:
            await self._session.execute(
                delete(table).where(
                    table.c.company_id == candidate.company_id,
                    table.c.candidate_id == candidate.id,
                    table.c.id.in_(removed),
                )
            )
        if changed:
            # A contact giving up priority goes first: the partial unique index on the
            # priority contact is checked row by row.
            changed.sort(key=lambda row: bool(row.get("is_priority")))
            await self._session.execute(
                update(table).where(
                    table.c.company_id == bindparam("b_company_id"),
                    table.c.candidate_id == bindparam("b_candidate_id"),
                    table.c.id == bindparam("b_id"),
                ),
                [
                    {
                        "b_company_id": candidate.company_id,
                        "b_candidate_id": candidate.id,
                        "b_id": row["id"],
                        **{key: value for key, value in row.items() if key != "id"},
                    }
                    for row in changed
                ],
            )
        if added:
            await self._session.execute(insert(table), [{**owner, **row} for row in added])

    async def _sync_skills(self, before: Candidate, after: Candidate) -> None:
        removed = [skill_id for skill_id in before.skill_ids if skill_id not in after.skill_ids]
        added = [skill_id for skill_id in after.skill_ids if skill_id not in before.skill_ids]
        if removed:
            await self._session.execute(
                delete(candidate_skills).where(
                    candidate_skills.c.company_id == after.company_id,
                    candidate_skills.c.candidate_id == after.id,
                    candidate_skills.c.skill_id.in_(removed),
                )
            )
        if added:
            await self._session.execute(
                insert(candidate_skills),
                [
                    {"company_id": after.company_id, "candidate_id": after.id, "skill_id": s}
                    for s in added
                ],
            )

    async def _explain_missed_row(self, candidate: Candidate) -> None:
        query = select(candidates.c.id).where(
            candidates.c.company_id == candidate.company_id, candidates.c.id == candidate.id
        )
        if (await self._session.execute(query)).one_or_none() is None:
            raise NotFound("no such candidate")
        raise PreconditionFailed("the candidate was changed by someone else")
