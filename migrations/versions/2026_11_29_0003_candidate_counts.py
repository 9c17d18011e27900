"""Candidate counts: the number of live candidates of each company, kept by triggers.

The unfiltered candidate list reports how many live candidates its company has. Counting them
(an index-only scan of every live row) cost most of that page at 100,000 candidates; the counter
answers with at most 16 rows, exactly and transactionally: it is written in the same transaction
as the candidates, so every snapshot sees the two agree.

- Statement-level triggers with transition tables: one counter write per statement and company,
  however many rows a multi-row INSERT or a COPY (the demo loader) carries, not one per row.
  An UPDATE that changes no live state (any PATCH; the search-text refresh) writes nothing.
- Slots: a counter row stays locked by its writer until commit, so one row per company would
  queue every concurrent create of that company behind the previous one's commit. Each statement
  adds its delta to slot `pg_backend_pid() % 16`, so concurrent writers of one company rarely
  share a row. A transaction always writes the same slot (one backend), so one that writes the
  candidates of one company (every request does) holds one counter row at most, and counter
  writes alone cannot deadlock. A slot may go negative (a candidate deleted by another backend
  than the one that created it); only the sum of a company's slots means anything.
- TRUNCATE leaves no rows, so it clears the counters too.

Creating the triggers locks out writers of `candidates` until commit, so the backfill (slot 0)
counts exactly the rows the triggers will not see.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each function adds its statement's per-company delta to this backend's slot. Grouped by
# company, so the upsert never meets one key twice; a zero delta (a PATCH, the search-text
# refresh) writes and locks nothing; ordered, so one statement takes its counter locks in one
# order. The update compares before and after as two signed streams rather than joining them on
# id: the same sums, and still right for a row that moved to another company.


def _counting_function(name: str, deltas: str) -> str:
    """A trigger function adding `deltas` (rows of company_id and delta) to this backend's slot.
    Both arguments are constants of this module."""
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO candidate_counts (company_id, slot, live)
    SELECT company_id, pg_backend_pid() % 16, sum(delta)
      FROM ({deltas}) AS changes
     GROUP BY company_id
    HAVING sum(delta) <> 0
     ORDER BY company_id
        ON CONFLICT (company_id, slot)
        DO UPDATE SET live = candidate_counts.live + excluded.live;
    RETURN NULL;
END
$$"""  # noqa: S608


_LIVE_NEW = "SELECT company_id, 1 AS delta FROM new_rows WHERE deleted_at IS NULL"
_LIVE_OLD = "SELECT company_id, -1 AS delta FROM old_rows WHERE deleted_at IS NULL"
FUNCTIONS = {
    "candidate_counts_after_insert": _counting_function("candidate_counts_after_insert", _LIVE_NEW),
    "candidate_counts_after_update": _counting_function(
        "candidate_counts_after_update", f"{_LIVE_NEW} UNION ALL {_LIVE_OLD}"
    ),
    "candidate_counts_after_delete": _counting_function("candidate_counts_after_delete", _LIVE_OLD),
    # TRUNCATE leaves no candidate of any company.
    "candidate_counts_after_truncate": """
CREATE FUNCTION candidate_counts_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM candidate_counts;
    RETURN NULL;
END
$$""",
}

# trigger -> (event and transition tables, function); statement-level, all AFTER.
TRIGGERS = {
    "candidates_count_insert": (
        "INSERT ON candidates REFERENCING NEW TABLE AS new_rows",
        "candidate_counts_after_insert",
    ),
    "candidates_count_update": (
        "UPDATE ON candidates REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "candidate_counts_after_update",
    ),
    "candidates_count_delete": (
        "DELETE ON candidates REFERENCING OLD TABLE AS old_rows",
        "candidate_counts_after_delete",
    ),
    "candidates_count_truncate": ("TRUNCATE ON candidates", "candidate_counts_after_truncate"),
}


def upgrade() -> None:
    op.create_table(
        "candidate_counts",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("live", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("company_id", "slot", name=op.f("pk_candidate_counts")),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_candidate_counts_company_id_companies"),
            ondelete="CASCADE",
        ),
    )
    for definition in FUNCTIONS.values():
        op.execute(definition)
    for trigger, (event, function) in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    op.execute(
        "INSERT INTO candidate_counts (company_id, slot, live) "
        "SELECT company_id, 0, count(*) FROM candidates WHERE deleted_at IS NULL "
        "GROUP BY company_id"
    )


def downgrade() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger} ON candidates")
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION {function}()")
    op.drop_table("candidate_counts")
