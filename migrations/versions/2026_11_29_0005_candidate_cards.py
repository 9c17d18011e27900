"""Candidate cards: each candidate's contacts, work places, languages and skills as card JSON.

A page of 50 cards ran four aggregate subqueries per candidate to build these lists, three
quarters of what the page cost the database. They are now kept in `candidate_cards`, rewritten in
the transaction of every write of the candidate (adapters/postgres/candidate_children.py builds
them), and embedded by the reads. This revision fills the table for the candidates that exist, with
the same JSON the adapter builds (a test holds the two equal).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTS = ("contacts", "work_places", "languages", "skills")

BACKFILL = """
INSERT INTO candidate_cards (company_id, candidate_id, contacts, work_places, languages, skills)
SELECT c.company_id, c.id,
  coalesce((
    SELECT json_agg(json_build_object(
             'id', x.id,
             'type', (SELECT json_build_object('code', t.code, 'value', t.value)
                        FROM ref_contact_types t WHERE t.code = x.type_code),
             'value', x.value,
             'is_priority', x.is_priority) ORDER BY x.sort_order, x.id)
      FROM candidate_contacts x
     WHERE x.company_id = c.company_id AND x.candidate_id = c.id), '[]'::json),
  coalesce((
    SELECT json_agg(json_build_object(
             'id', w.id, 'position', w.position, 'company', w.company,
             'work_from', w.work_from, 'work_to', w.work_to, 'is_actual', w.is_actual)
             ORDER BY w.sort_order, w.id)
      FROM candidate_work_places w
     WHERE w.company_id = c.company_id AND w.candidate_id = c.id), '[]'::json),
  coalesce((
    SELECT json_agg(json_build_object(
             'id', l.id,
             'language', (SELECT json_build_object('code', r.code, 'value', r.value)
                            FROM ref_languages r WHERE r.code = l.language_code),
             'level', (SELECT json_build_object('code', v.code, 'value', v.value,
                                                'level_code', v.level_code)
                         FROM ref_language_levels v WHERE v.code = l.level_code))
             ORDER BY l.language_code, l.id)
      FROM candidate_languages l
     WHERE l.company_id = c.company_id AND l.candidate_id = c.id), '[]'::json),
  coalesce((
    SELECT json_agg(json_build_object('id', s.id, 'name', s.name)
                    ORDER BY s.normalized_name, s.id)
      FROM candidate_skills cs
      JOIN skills s ON s.company_id = cs.company_id AND s.id = cs.skill_id
     WHERE cs.company_id = c.company_id AND cs.candidate_id = c.id), '[]'::json)
  FROM candidates c
"""


def upgrade() -> None:
    op.create_table(
        "candidate_cards",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        *(sa.Column(name, postgresql.JSON(), nullable=False) for name in LISTS),
        sa.PrimaryKeyConstraint("company_id", "candidate_id", name=op.f("pk_candidate_cards")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_candidate_cards_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "candidate_id"],
            ["candidates.company_id", "candidates.id"],
            name=op.f("fk_candidate_cards_company_id_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
    )
    op.execute(BACKFILL)
    op.execute("ANALYZE candidate_cards")  # the planner's first look at it is the full table


def downgrade() -> None:
    op.drop_table("candidate_cards")
