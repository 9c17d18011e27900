"""The candidates' position index also holds the salary, id, creation time and deletion time.

A list filtered by position (a recruiter's most common filter, usually with a salary range) read a
heap row for every candidate of the position to test the salary and liveness: 4,000 rows for 750
matches at 100,000 candidates. With the salary in the key and the rest included, the matches, their
default sort key and their ids come from the index alone. It replaces the plain
(company_id, position_id) index, whose prefix it keeps for the foreign key to positions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 19:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_candidates_company_id_position_id_min_salary",
        "candidates",
        ["company_id", "position_id", "min_salary"],
        postgresql_include=["id", "created_at", "deleted_at"],
    )
    op.drop_index("ix_candidates_company_id_position_id", table_name="candidates")


def downgrade() -> None:
    op.create_index(
        "ix_candidates_company_id_position_id", "candidates", ["company_id", "position_id"]
    )
    op.drop_index("ix_candidates_company_id_position_id_min_salary", table_name="candidates")
