"""The text the candidate list's `q` searches: `candidates.search_text`.

It holds the candidate's names, contact values, skill names, work-place companies and positions
and note texts, lower-cased with `ё` written `е`, separated by spaces. The write side refreshes it
after every save, in one statement, and the list matches every word of `q` as a substring of it
(served by the trigram index `ix_candidates_search_text_trgm`).
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import ColumnElement, Uuid, any_, bindparam, func, select, update
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
from adapters.postgres.text_search import SPACE, search_text_of, skill_names_of


def _children_text(table, expression: ColumnElement) -> ColumnElement:
    return (
        select(func.string_agg(expression, SPACE))
        .where(
            table.c.company_id == candidates.c.company_id, table.c.candidate_id == candidates.c.id
        )
        .scalar_subquery()
    )


def _search_text_expression() -> ColumnElement:
    return search_text_of(
        candidates.c.last_name,
        candidates.c.first_name,
        candidates.c.middle_name,
        _children_text(candidate_contacts, candidate_contacts.c.value),
        skill_names_of(candidate_skills, "candidate_id", candidates, skills),
        _children_text(
            candidate_work_places,
            func.concat_ws(
                SPACE, candidate_work_places.c.company, candidate_work_places.c.position
            ),
        ),
        _children_text(candidate_notes, candidate_notes.c.text),
    )


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
