"""The text the candidate list's `q` searches: `candidates.search_text`.

It holds the candidate's names, contact values, skill names, work-place companies and positions
and note texts, lower-cased with `ё` written `е`, separated by spaces. The write side refreshes it
after every save, in one statement, and the list matches every word of `q` as a substring of it
(served by the trigram index `ix_candidates_search_text_trgm`).
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, Uuid, any_, bindparam, func, literal_column, select, update
from sqlalchemy.dialects.postgresql import ARRAY

from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    candidate_contacts,
    candidate_notes,
    candidate_skills,
    candidate_work_places,
    candidates,
    skills,
)

_SPACE = literal_column("' '")


def normalized_search_text(text: str) -> str:
    """How a search word is compared with `search_text`: lower-cased, `ё` as `е`."""
    return text.lower().replace("ё", "е")


def escape_like(text: str) -> str:
    """`text` as a LIKE pattern that matches it literally (escape character `\\`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _children_text(table, expression: ColumnElement) -> ColumnElement:
    return (
        select(func.string_agg(expression, _SPACE))
        .where(
            table.c.company_id == candidates.c.company_id, table.c.candidate_id == candidates.c.id
        )
        .scalar_subquery()
    )


def _search_text_expression() -> ColumnElement:
    skill_names = (
        select(func.string_agg(skills.c.name, _SPACE))
        .select_from(
            candidate_skills.join(
                skills,
                (skills.c.company_id == candidate_skills.c.company_id)
                & (skills.c.id == candidate_skills.c.skill_id),
            )
        )
        .where(
            candidate_skills.c.company_id == candidates.c.company_id,
            candidate_skills.c.candidate_id == candidates.c.id,
        )
        .scalar_subquery()
    )
    text = func.concat_ws(
        _SPACE,
        candidates.c.last_name,
        candidates.c.first_name,
        candidates.c.middle_name,
        _children_text(candidate_contacts, candidate_contacts.c.value),
        skill_names,
        _children_text(
            candidate_work_places,
            func.concat_ws(
                _SPACE, candidate_work_places.c.company, candidate_work_places.c.position
            ),
        ),
        _children_text(candidate_notes, candidate_notes.c.text),
    )
    return func.replace(func.lower(text), literal_column("'ё'"), literal_column("'е'"))


# Built once: the expression tree costs more to build than the update takes to run.
_REFRESH = (
    update(candidates)
    .where(
        candidates.c.company_id == bindparam("of_company", type_=Uuid),
        candidates.c.id == any_(bindparam("candidate_ids", type_=ARRAY(Uuid))),
    )
    .values(search_text=_search_text_expression())
)


async def refresh_search_text(
    session: PgSession, company_id: UUID, candidate_ids: Sequence[UUID]
) -> None:
    """Recompute `search_text` of these candidates of the company from their current rows."""
    if not candidate_ids:
        return
    await session.execute(
        _REFRESH, {"of_company": company_id, "candidate_ids": list(candidate_ids)}
    )
