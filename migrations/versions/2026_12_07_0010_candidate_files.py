"""Candidate files: a candidate's resumes and attachments. The metadata and the extracted text are
kept here; the bytes are in the file storage (a local directory or an S3 bucket) under
`storage_key`. A live file's content (sha256) is unique per candidate.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "candidate_files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("content_type", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("storage_key", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("text_extracted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('resume', 'cover_letter', 'portfolio', 'other')",
            name=op.f("ck_candidate_files_kind_known"),
        ),
        sa.CheckConstraint(
            "char_length(file_name) BETWEEN 1 AND 255",
            name=op.f("ck_candidate_files_file_name_length"),
        ),
        sa.CheckConstraint("size > 0", name=op.f("ck_candidate_files_size_positive")),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name=op.f("ck_candidate_files_sha256_hex")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_candidate_files_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "candidate_id"],
            ["candidates.company_id", "candidates.id"],
            name=op.f("fk_candidate_files_company_id_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "uploaded_by"],
            ["users.company_id", "users.id"],
            name=op.f("fk_candidate_files_company_id_uploaded_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_files")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_candidate_files_storage_key")),
    )
    op.create_index(
        op.f("ix_candidate_files_company_id_candidate_id_created_at"),
        "candidate_files",
        ["company_id", "candidate_id", "created_at"],
    )
    op.create_index(
        "uq_candidate_files_live_content",
        "candidate_files",
        ["company_id", "candidate_id", "sha256"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_candidate_files_live_content", table_name="candidate_files")
    op.drop_index(
        "ix_candidate_files_company_id_candidate_id_created_at", table_name="candidate_files"
    )
    op.drop_table("candidate_files")
