"""A candidate's child lists as its card shows them, as JSON built by PostgreSQL, and their store.

Contacts, work places, languages and skills are built from the child rows (ordered: contacts and
work places by `sort_order` then id, languages by language code, skills by normalized name; then
id) and kept in `candidate_cards`, rewritten by `refresh_card_children` in the transaction of every
write of the candidate. A card or a page then embeds four stored values per candidate instead of
running four aggregate subqueries per candidate, which was most of what a page of 50 cost the
database. Readers fall back to building a list when its stored row is missing, so a missing row
costs time, never correctness.

What the stored lists show can only change through the candidate's own writes: contact types,
languages and levels change only by migration (one that renames them must refresh the store), and
a skill can be neither renamed nor deleted while a candidate has it. Notes are not stored: their
authors' names change with the users, so they are always built when read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Insert,
    Uuid,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, insert

from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    candidate_cards,
    candidate_contacts,
    candidate_languages,
    candidate_skills,
    candidate_work_places,
    candidates,
    ref_contact_types,
    ref_language_levels,
    ref_languages,
    skills,
)

COMPANY = bindparam("company_id", type_=Uuid)
EMPTY_ARRAY = literal_column("'[]'::json")
STORED = ("contacts", "work_places", "languages", "skills")


def json_object(**fields: Any) -> ColumnElement:
    arguments: list[Any] = []
    for key, value in fields.items():
        arguments.extend((literal_column(f"'{key}'"), value))
    return func.json_build_object(*arguments)


def lookup(item: ColumnElement, *where: ColumnElement) -> ColumnElement:
    """One row of a lookup table as JSON, or null when there is none. A scalar subquery rather
    than a join: with half a dozen joins the planner searched join orders for longer than a page
    took to run, and each lookup is one primary-key probe anyway."""
    return select(item).where(*where).scalar_subquery()


def reference(ref: Any, code: ColumnElement) -> ColumnElement:
    return lookup(json_object(code=ref.c.code, value=ref.c.value), ref.c.code == code)


def children(
    table: FromClause,
    owner_id: ColumnElement,
    item: ColumnElement,
    order_by: list[ColumnElement],
    joins: list[tuple[FromClause, ColumnElement]] | None = None,
) -> ColumnElement:
    """The JSON array of `item` over the rows of `table` that belong to candidate `owner_id` of
    the company, in `order_by` order (`[]` when there are none)."""
    source: FromClause = table
    for joined, on in joins or []:
        source = source.join(joined, on)
    aggregated = (
        select(func.json_agg(aggregate_order_by(item, *order_by)))
        .select_from(source)
        .where(table.c.company_id == COMPANY, table.c.candidate_id == owner_id)
        .scalar_subquery()
    )
    return func.coalesce(aggregated, EMPTY_ARRAY)


def built_children(owner_id: ColumnElement) -> dict[str, ColumnElement]:
    """The stored lists of candidate `owner_id`, built from its child rows."""
    contacts = children(
        candidate_contacts,
        owner_id,
        json_object(
            id=candidate_contacts.c.id,
            type=reference(ref_contact_types, candidate_contacts.c.type_code),
            value=candidate_contacts.c.value,
            is_priority=candidate_contacts.c.is_priority,
        ),
        [candidate_contacts.c.sort_order, candidate_contacts.c.id],
    )
    work_places = children(
        candidate_work_places,
        owner_id,
        json_object(
            id=candidate_work_places.c.id,
            position=candidate_work_places.c.position,
            company=candidate_work_places.c.company,
            work_from=candidate_work_places.c.work_from,
            work_to=candidate_work_places.c.work_to,
            is_actual=candidate_work_places.c.is_actual,
        ),
        [candidate_work_places.c.sort_order, candidate_work_places.c.id],
    )
    level = ref_language_levels
    languages = children(
        candidate_languages,
        owner_id,
        json_object(
            id=candidate_languages.c.id,
            language=reference(ref_languages, candidate_languages.c.language_code),
            level=lookup(
                json_object(code=level.c.code, value=level.c.value, level_code=level.c.level_code),
                level.c.code == candidate_languages.c.level_code,
            ),
        ),
        [candidate_languages.c.language_code, candidate_languages.c.id],
    )
    # One primary-key probe per linked skill: a plain join lets the planner hash the whole
    # dictionary once per card. OFFSET 0 keeps the lateral subquery from being flattened.
    skill = (
        select(skills.c.id, skills.c.name, skills.c.normalized_name)
        .where(
            skills.c.company_id == candidate_skills.c.company_id,
            skills.c.id == candidate_skills.c.skill_id,
        )
        .offset(literal_column("0"))
        .lateral("skill")
    )
    skill_list = children(
        candidate_skills,
        owner_id,
        json_object(id=skill.c.id, name=skill.c.name),
        [skill.c.normalized_name, skill.c.id],
        [(skill, true())],
    )
    return {
        "contacts": contacts,
        "work_places": work_places,
        "languages": languages,
        "skills": skill_list,
    }


def stored_children(page: FromClause) -> tuple[dict[str, ColumnElement], FromClause]:
    """The lists of each `page` row read from the store (built when its row is missing), and
    `page` joined to the store. A lateral probe per page row, OFFSET 0 keeping it one: as a plain
    join the planner may hash the whole store for a page of 50 (40 ms instead of 2)."""
    store = (
        select(*(candidate_cards.c[name] for name in STORED))
        .where(
            candidate_cards.c.company_id == page.c.company_id,
            candidate_cards.c.candidate_id == page.c.id,
        )
        .offset(literal_column("0"))
        .lateral("stored")
    )
    built = built_children(page.c.id)
    lists = {name: func.coalesce(store.c[name], built[name]) for name in STORED}
    return lists, page.outerjoin(store, true())


def _store(of_candidates: ColumnElement[bool]) -> Insert:
    rows = select(
        candidates.c.company_id, candidates.c.id, *built_children(candidates.c.id).values()
    ).where(candidates.c.company_id == COMPANY, of_candidates)
    statement = insert(candidate_cards).from_select(["company_id", "candidate_id", *STORED], rows)
    return statement.on_conflict_do_update(
        index_elements=[candidate_cards.c.company_id, candidate_cards.c.candidate_id],
        set_={name: statement.excluded[name] for name in STORED},
    )


# Built once: the expression tree costs more to build than the statement takes to run.
_REFRESH = _store(candidates.c.id == any_(bindparam("candidate_ids", type_=ARRAY(Uuid))))
# Every candidate of a company: the demo loader's bulk fill after COPY.
STORE_ALL = _store(true())


async def refresh_card_children(
    session: PgSession, company_id: UUID, candidate_ids: Sequence[UUID]
) -> None:
    """Rebuild the stored lists of these candidates of the company from their current rows."""
    if not candidate_ids:
        return
    await session.execute(
        _REFRESH, {"company_id": company_id, "candidate_ids": list(candidate_ids)}
    )
