"""The event log: every committed change of a company, with its field-level diff, written in
the transaction of the change. Read as the history of an entity and as the company's feed;
old events are deleted by `gefest events prune` after EVENT_RETENTION_DAYS.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("entity_type", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", postgresql.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_events_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "actor_id"],
            ["users.company_id", "users.id"],
            name=op.f("fk_events_company_id_actor_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(
        op.f("ix_events_company_id_entity_type_entity_id_id"),
        "events",
        ["company_id", "entity_type", "entity_id", "id"],
    )
    op.create_index(op.f("ix_events_company_id_id"), "events", ["company_id", "id"])


def downgrade() -> None:
    op.drop_table("events")
