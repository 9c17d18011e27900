"""Reference data: upsert every row of adapters/postgres/reference-data.json.

Idempotent: a row that already holds the JSON's values is not touched (the upsert's WHERE ... IS
DISTINCT FROM), so a re-run writes nothing. A later change of the data is a new migration.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 12:00:00
"""

import json
from collections.abc import Sequence
from importlib.resources import files
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import insert

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# JSON key -> the columns besides `code` (frozen here, as the tables were in revision 0001).
COLUMNS: dict[str, tuple[str, ...]] = {
    "roles": ("value", "is_archive", "sys_name"),
    "vacancy_priorities": ("value", "is_archive"),
    "addresses": ("value", "is_archive", "parent_code"),
    "countries": ("value", "is_archive"),
    "family_statuses": ("value", "is_archive"),
    "contact_types": ("value", "is_archive"),
    "languages": ("value", "is_archive"),
    "language_levels": ("value", "is_archive", "level_code"),
    "interview_stages": ("value", "is_archive", "parent_code"),
    "vacancy_statuses": ("value", "is_archive"),
}


TYPES: dict[str, sa.types.TypeEngine] = {
    "code": sa.Integer(),
    "value": sa.Text(),
    "is_archive": sa.Boolean(),
    "sys_name": sa.Text(),
    "parent_code": sa.Integer(),
    "level_code": sa.Text(),
}


def load_reference_data() -> dict[str, list[dict[str, Any]]]:
    text = files("adapters.postgres").joinpath("reference-data.json").read_text("utf-8")
    return json.loads(text)


def _table(name: str) -> sa.TableClause:
    return sa.table(f"ref_{name}", *(sa.column(c, TYPES[c]) for c in ("code", *COLUMNS[name])))


def _rows(name: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for item in sorted(items, key=lambda row: row["code"]):
        row = {"code": item["code"], "is_archive": bool(item.get("is_archive", False))}
        row.update({c: item.get(c) for c in COLUMNS[name] if c != "is_archive"})
        rows.append(row)
    return rows


def upsert_statements() -> list[sa.Insert]:
    """One upsert per table, parents before children (rows sorted by code)."""
    statements = []
    data = load_reference_data()
    for name in COLUMNS:
        table = _table(name)
        statement = insert(table).values(_rows(name, data[name]))
        columns = [table.c[c] for c in COLUMNS[name]]
        excluded = [statement.excluded[c] for c in COLUMNS[name]]
        statements.append(
            statement.on_conflict_do_update(
                index_elements=[table.c.code],
                set_={c: statement.excluded[c] for c in COLUMNS[name]},
                where=sa.tuple_(*columns).is_distinct_from(sa.tuple_(*excluded)),
            )
        )
    return statements


def upsert_reference_data(connection: sa.Connection) -> int:
    """Insert missing rows and update changed ones; returns how many rows were written."""
    return sum(connection.execute(statement).rowcount for statement in upsert_statements())


def upgrade() -> None:
    for statement in upsert_statements():
        op.execute(statement)


def downgrade() -> None:
    data = load_reference_data()
    for name in reversed(COLUMNS):
        codes = [item["code"] for item in data[name]]
        table = _table(name)
        op.execute(table.delete().where(table.c.code.in_(codes)))
