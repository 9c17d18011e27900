"""Initial schema: every table, constraint and index, and the pg_trgm extension.

Frozen history: this file spells out every table, constraint and index by name and imports
nothing from the application. Names go through op.f() so that no naming convention of the current
metadata rewrites them.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFERENCE_TABLES = (
    "roles",
    "vacancy_priorities",
    "addresses",
    "countries",
    "family_statuses",
    "contact_types",
    "languages",
    "language_levels",
    "interview_stages",
    "vacancy_statuses",
)
TABLES = (
    "companies",
    "departments",
    "positions",
    "grades",
    "skills",
    "users",
    "refresh_sessions",
    "candidates",
    "candidate_contacts",
    "candidate_work_places",
    "candidate_languages",
    "candidate_notes",
    "candidate_skills",
    "vacancies",
    "vacancy_skills",
    "interviews",
    "interview_stage_results",
)
LIVE = sa.text("deleted_at IS NULL")


def _id() -> sa.Column:
    return sa.Column("id", sa.Uuid(), nullable=False)


def _company_id() -> sa.Column:
    return sa.Column("company_id", sa.Uuid(), nullable=False)


def _timestamp(name: str, *, default: bool = True) -> sa.Column:
    if default:
        return sa.Column(
            name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        )
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def _version(table: str) -> list:
    return [
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f(f"ck_{table}_version_positive")),
    ]


def _search_text() -> sa.Column:
    return sa.Column("search_text", sa.Text(), server_default=sa.text("''"), nullable=False)


def _company_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["company_id"], ["companies.id"], name=op.f(f"fk_{table}_company_id_companies")
    )


def _tenant_fk(
    table: str, column: str, parent: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["company_id", column],
        [f"{parent}.company_id", f"{parent}.id"],
        name=op.f(f"fk_{table}_company_id_{column}_{parent}"),
        ondelete=ondelete,
    )


def _ref_fk(table: str, column: str, reference: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"ref_{reference}.code"], name=op.f(f"fk_{table}_{column}_ref_{reference}")
    )


def _index(table: str, *columns: str, where: sa.TextClause | None = None) -> None:
    op.create_index(
        op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns), postgresql_where=where
    )


def _trigram(name: str, table: str, expression: str) -> None:
    op.create_index(
        op.f(name), table, [sa.text(f"{expression} gin_trgm_ops")], postgresql_using="gin"
    )


def _create_reference(name: str, *extra: sa.Column | sa.Constraint) -> None:
    table = f"ref_{name}"
    op.create_table(
        table,
        sa.Column("code", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("is_archive", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        *extra,
        sa.PrimaryKeyConstraint("code", name=op.f(f"pk_{table}")),
    )


def _create_references() -> None:
    _create_reference(
        "roles",
        sa.Column("sys_name", sa.Text(), nullable=False),
        sa.UniqueConstraint("sys_name", name=op.f("uq_ref_roles_sys_name")),
    )
    for name in ("vacancy_priorities", "countries", "family_statuses", "contact_types"):
        _create_reference(name)
    for name in ("addresses", "interview_stages"):
        _create_reference(
            name,
            sa.Column("parent_code", sa.Integer(), nullable=True),
            _ref_fk(f"ref_{name}", "parent_code", name),
        )
    _create_reference("languages")
    _create_reference("language_levels", sa.Column("level_code", sa.Text(), nullable=False))
    _create_reference("vacancy_statuses")


def _create_companies() -> None:
    op.create_table(
        "companies",
        _id(),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("short_name", sa.Text(), nullable=False),
        sa.Column("ogrn", sa.Text(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint("ogrn", name=op.f("uq_companies_ogrn")),
        sa.CheckConstraint("ogrn ~ '^[0-9]{13}$'", name=op.f("ck_companies_ogrn_format")),
        sa.CheckConstraint(
            "char_length(full_name) BETWEEN 1 AND 500", name=op.f("ck_companies_full_name_length")
        ),
        sa.CheckConstraint(
            "char_length(short_name) BETWEEN 1 AND 200", name=op.f("ck_companies_short_name_length")
        ),
    )


def _create_organisation(table: str) -> None:
    op.create_table(
        table,
        _id(),
        _company_id(),
        sa.Column("name", sa.Text(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        *_version(table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        _company_fk(table),
        sa.UniqueConstraint("company_id", "id", name=op.f(f"uq_{table}_company_id_id")),
        sa.CheckConstraint(
            "char_length(name) BETWEEN 1 AND 200", name=op.f(f"ck_{table}_name_length")
        ),
    )
    op.create_index(
        op.f(f"uq_{table}_company_id_name"),
        table,
        ["company_id", sa.text("lower(name)")],
        unique=True,
    )
    _trigram(f"ix_{table}_name_trgm", table, "lower(name)")


def _create_skills() -> None:
    op.create_table(
        "skills",
        _id(),
        _company_id(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("normalized_name", sa.Text(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
        _company_fk("skills"),
        sa.UniqueConstraint("company_id", "id", name=op.f("uq_skills_company_id_id")),
        sa.UniqueConstraint(
            "company_id", "normalized_name", name=op.f("uq_skills_company_id_normalized_name")
        ),
        sa.CheckConstraint(
            "char_length(normalized_name) >= 1", name=op.f("ck_skills_normalized_name_not_empty")
        ),
    )
    _trigram("ix_skills_normalized_name_trgm", "skills", "normalized_name")
    op.create_index(
        op.f("ix_skills_company_id_normalized_name_prefix"),
        "skills",
        ["company_id", sa.text("normalized_name text_pattern_ops")],
    )


def _create_users() -> None:
    op.create_table(
        "users",
        _id(),
        _company_id(),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role_code", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.Text(), nullable=False),
        sa.Column("last_name", sa.Text(), nullable=False),
        sa.Column("middle_name", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("department_id", sa.Uuid(), nullable=True),
        sa.Column("position_id", sa.Uuid(), nullable=True),
        sa.Column("grade_id", sa.Uuid(), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("is_blocked", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("failed_login_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "must_change_password", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        _timestamp("logged_in_at", default=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        *_version("users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        _company_fk("users"),
        sa.UniqueConstraint("company_id", "id", name=op.f("uq_users_company_id_id")),
        _ref_fk("users", "role_code", "roles"),
        _tenant_fk("users", "department_id", "departments", "RESTRICT"),
        _tenant_fk("users", "position_id", "positions", "RESTRICT"),
        _tenant_fk("users", "grade_id", "grades", "RESTRICT"),
        sa.CheckConstraint(
            "username ~ '^[a-z0-9._-]{3,64}$'", name=op.f("ck_users_username_format")
        ),
        sa.CheckConstraint(
            "failed_login_count >= 0", name=op.f("ck_users_failed_login_count_not_negative")
        ),
    )
    op.create_index(op.f("uq_users_username"), "users", [sa.text("lower(username)")], unique=True)
    _index("users", "company_id", "role_code")
    _index("users", "company_id", "department_id")
    _index("users", "company_id", "position_id")
    _index("users", "company_id", "grade_id")
    _index("users", "company_id", "last_name", "id")
    _index("users", "company_id", "created_at", "id")
    _trigram(
        "ix_users_search_trgm",
        "users",
        "lower(last_name || ' ' || first_name || ' ' || username)",
    )


def _create_refresh_sessions() -> None:
    op.create_table(
        "refresh_sessions",
        _id(),
        _company_id(),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.Text(), nullable=False),
        _timestamp("created_at"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _timestamp("used_at", default=False),
        _timestamp("revoked_at", default=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_sessions")),
        _company_fk("refresh_sessions"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_sessions_token_hash")),
        _tenant_fk("refresh_sessions", "user_id", "users", "CASCADE"),
    )
    _index("refresh_sessions", "company_id", "user_id")
    _index("refresh_sessions", "family_id")


def _create_candidates() -> None:
    op.create_table(
        "candidates",
        _id(),
        _company_id(),
        sa.Column("first_name", sa.Text(), nullable=False),
        sa.Column("last_name", sa.Text(), nullable=False),
        sa.Column("middle_name", sa.Text(), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("min_salary", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("position_id", sa.Uuid(), nullable=True),
        sa.Column("grade_id", sa.Uuid(), nullable=True),
        sa.Column("address_code", sa.Integer(), nullable=True),
        sa.Column("citizenship_code", sa.Integer(), nullable=True),
        sa.Column("family_status_code", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _timestamp("deleted_at", default=False),
        *_version("candidates"),
        _search_text(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        _company_fk("candidates"),
        sa.UniqueConstraint("company_id", "id", name=op.f("uq_candidates_company_id_id")),
        _tenant_fk("candidates", "position_id", "positions", "RESTRICT"),
        _tenant_fk("candidates", "grade_id", "grades", "RESTRICT"),
        _tenant_fk("candidates", "created_by", "users"),
        _ref_fk("candidates", "address_code", "addresses"),
        _ref_fk("candidates", "citizenship_code", "countries"),
        _ref_fk("candidates", "family_status_code", "family_statuses"),
        sa.CheckConstraint("min_salary > 0", name=op.f("ck_candidates_min_salary_positive")),
        sa.CheckConstraint(
            "char_length(first_name) BETWEEN 1 AND 100",
            name=op.f("ck_candidates_first_name_length"),
        ),
        sa.CheckConstraint(
            "char_length(last_name) BETWEEN 1 AND 100", name=op.f("ck_candidates_last_name_length")
        ),
    )
    op.create_index(
        op.f("ix_candidates_company_id_created_at_id"),
        "candidates",
        ["company_id", sa.text("created_at DESC"), "id"],
        postgresql_where=LIVE,
    )
    _index("candidates", "company_id", "last_name", "id", where=LIVE)
    _index("candidates", "company_id", "min_salary", "id", where=LIVE)
    _index("candidates", "company_id", "position_id")
    _index("candidates", "company_id", "grade_id")
    _index("candidates", "company_id", "address_code")
    _trigram("ix_candidates_search_text_trgm", "candidates", "search_text")
    _trigram("ix_candidates_first_name_trgm", "candidates", "lower(first_name)")
    _trigram("ix_candidates_last_name_trgm", "candidates", "lower(last_name)")
    _trigram("ix_candidates_middle_name_trgm", "candidates", "lower(middle_name)")


def _create_candidate_children() -> None:
    op.create_table(
        "candidate_contacts",
        _id(),
        _company_id(),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("type_code", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("is_priority", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_contacts")),
        _company_fk("candidate_contacts"),
        _tenant_fk("candidate_contacts", "candidate_id", "candidates", "CASCADE"),
        _ref_fk("candidate_contacts", "type_code", "contact_types"),
        sa.CheckConstraint(
            "char_length(value) BETWEEN 1 AND 255", name=op.f("ck_candidate_contacts_value_length")
        ),
    )
    _index("candidate_contacts", "company_id", "candidate_id")
    op.create_index(
        op.f("uq_candidate_contacts_priority"),
        "candidate_contacts",
        ["candidate_id"],
        unique=True,
        postgresql_where=sa.text("is_priority"),
    )

    op.create_table(
        "candidate_work_places",
        _id(),
        _company_id(),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Text(), nullable=False),
        sa.Column("company", sa.Text(), nullable=False),
        sa.Column("work_from", sa.Date(), nullable=False),
        sa.Column("work_to", sa.Date(), nullable=True),
        sa.Column("is_actual", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_work_places")),
        _company_fk("candidate_work_places"),
        _tenant_fk("candidate_work_places", "candidate_id", "candidates", "CASCADE"),
        sa.CheckConstraint(
            "work_from <= work_to", name=op.f("ck_candidate_work_places_work_period")
        ),
        sa.CheckConstraint(
            "is_actual = (work_to IS NULL)",
            name=op.f("ck_candidate_work_places_is_actual_open_period"),
        ),
    )
    _index("candidate_work_places", "company_id", "candidate_id")

    op.create_table(
        "candidate_languages",
        _id(),
        _company_id(),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("language_code", sa.Integer(), nullable=False),
        sa.Column("level_code", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_languages")),
        _company_fk("candidate_languages"),
        _tenant_fk("candidate_languages", "candidate_id", "candidates", "CASCADE"),
        _ref_fk("candidate_languages", "language_code", "languages"),
        _ref_fk("candidate_languages", "level_code", "language_levels"),
        sa.UniqueConstraint(
            "candidate_id",
            "language_code",
            name=op.f("uq_candidate_languages_candidate_id_language_code"),
        ),
    )
    _index("candidate_languages", "company_id", "candidate_id")

    op.create_table(
        "candidate_notes",
        _id(),
        _company_id(),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_notes")),
        _company_fk("candidate_notes"),
        _tenant_fk("candidate_notes", "candidate_id", "candidates", "CASCADE"),
        _tenant_fk("candidate_notes", "author_id", "users"),
        sa.CheckConstraint(
            "char_length(text) BETWEEN 1 AND 10000", name=op.f("ck_candidate_notes_text_length")
        ),
    )
    _index("candidate_notes", "company_id", "candidate_id", "created_at")

    op.create_table(
        "candidate_skills",
        _company_id(),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("skill_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("candidate_id", "skill_id", name=op.f("pk_candidate_skills")),
        _company_fk("candidate_skills"),
        _tenant_fk("candidate_skills", "candidate_id", "candidates", "CASCADE"),
        _tenant_fk("candidate_skills", "skill_id", "skills", "RESTRICT"),
    )
    _index("candidate_skills", "company_id", "skill_id", "candidate_id")


def _create_vacancies() -> None:
    op.create_table(
        "vacancies",
        _id(),
        _company_id(),
        sa.Column("position_id", sa.Uuid(), nullable=False),
        sa.Column("department_id", sa.Uuid(), nullable=False),
        sa.Column("grade_id", sa.Uuid(), nullable=True),
        sa.Column("salary_from", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("salary_to", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("employee_count", sa.Integer(), nullable=False),
        sa.Column("priority_code", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("address_code", sa.Integer(), nullable=True),
        sa.Column("project", sa.Text(), nullable=True),
        sa.Column("recruiter_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _timestamp("deleted_at", default=False),
        *_version("vacancies"),
        _search_text(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancies")),
        _company_fk("vacancies"),
        sa.UniqueConstraint("company_id", "id", name=op.f("uq_vacancies_company_id_id")),
        _tenant_fk("vacancies", "position_id", "positions", "RESTRICT"),
        _tenant_fk("vacancies", "department_id", "departments", "RESTRICT"),
        _tenant_fk("vacancies", "grade_id", "grades", "RESTRICT"),
        _tenant_fk("vacancies", "recruiter_id", "users"),
        _tenant_fk("vacancies", "created_by", "users"),
        _ref_fk("vacancies", "priority_code", "vacancy_priorities"),
        _ref_fk("vacancies", "status_code", "vacancy_statuses"),
        _ref_fk("vacancies", "address_code", "addresses"),
        sa.CheckConstraint("salary_from > 0", name=op.f("ck_vacancies_salary_from_positive")),
        sa.CheckConstraint("salary_to > 0", name=op.f("ck_vacancies_salary_to_positive")),
        sa.CheckConstraint("salary_from <= salary_to", name=op.f("ck_vacancies_salary_range")),
        sa.CheckConstraint(
            "employee_count BETWEEN 1 AND 1000", name=op.f("ck_vacancies_employee_count_range")
        ),
    )
    _index("vacancies", "company_id", "recruiter_id")
    _index("vacancies", "company_id", "department_id")
    _index("vacancies", "company_id", "position_id")
    _index("vacancies", "company_id", "grade_id")
    _index("vacancies", "company_id", "status_code")
    _index("vacancies", "company_id", "address_code")
    _index("vacancies", "company_id", "priority_code", "id", where=LIVE)
    _index("vacancies", "company_id", "created_at", "id", where=LIVE)
    _index("vacancies", "company_id", "deadline", "id", where=LIVE)
    _trigram("ix_vacancies_search_text_trgm", "vacancies", "search_text")

    op.create_table(
        "vacancy_skills",
        _company_id(),
        sa.Column("vacancy_id", sa.Uuid(), nullable=False),
        sa.Column("skill_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("vacancy_id", "skill_id", name=op.f("pk_vacancy_skills")),
        _company_fk("vacancy_skills"),
        _tenant_fk("vacancy_skills", "vacancy_id", "vacancies", "CASCADE"),
        _tenant_fk("vacancy_skills", "skill_id", "skills", "RESTRICT"),
    )
    _index("vacancy_skills", "company_id", "skill_id", "vacancy_id")


def _create_interviews() -> None:
    op.create_table(
        "interviews",
        _id(),
        _company_id(),
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("vacancy_id", sa.Uuid(), nullable=False),
        sa.Column("stage_code", sa.Integer(), nullable=False),
        sa.Column("stage_entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        _timestamp("deleted_at", default=False),
        *_version("interviews"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
        _company_fk("interviews"),
        sa.UniqueConstraint("company_id", "id", name=op.f("uq_interviews_company_id_id")),
        _tenant_fk("interviews", "candidate_id", "candidates", "CASCADE"),
        _tenant_fk("interviews", "vacancy_id", "vacancies", "CASCADE"),
        _tenant_fk("interviews", "created_by", "users"),
        _ref_fk("interviews", "stage_code", "interview_stages"),
    )
    op.create_index(
        op.f("uq_interviews_live_pair"),
        "interviews",
        ["company_id", "candidate_id", "vacancy_id"],
        unique=True,
        postgresql_where=LIVE,
    )
    _index("interviews", "company_id", "vacancy_id", "stage_code")
    _index("interviews", "company_id", "candidate_id")
    _index("interviews", "company_id", "created_by")
    _index("interviews", "company_id", "created_at", "id")
    _index("interviews", "company_id", "updated_at", "id")

    op.create_table(
        "interview_stage_results",
        _id(),
        _company_id(),
        sa.Column("interview_id", sa.Uuid(), nullable=False),
        sa.Column("old_stage_code", sa.Integer(), nullable=False),
        sa.Column("new_stage_code", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("seconds_in_old_stage", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        _timestamp("created_at"),
        _timestamp("deleted_at", default=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_stage_results")),
        _company_fk("interview_stage_results"),
        _tenant_fk("interview_stage_results", "interview_id", "interviews", "CASCADE"),
        _tenant_fk("interview_stage_results", "created_by", "users"),
        _ref_fk("interview_stage_results", "old_stage_code", "interview_stages"),
        _ref_fk("interview_stage_results", "new_stage_code", "interview_stages"),
        sa.CheckConstraint(
            "old_stage_code <> new_stage_code",
            name=op.f("ck_interview_stage_results_stage_changes"),
        ),
        sa.CheckConstraint(
            "seconds_in_old_stage >= 0",
            name=op.f("ck_interview_stage_results_seconds_in_old_stage_not_negative"),
        ),
    )
    op.create_index(
        op.f("ix_interview_stage_results_history"),
        "interview_stage_results",
        ["company_id", "interview_id", "created_at", "id"],
    )


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    _create_references()
    _create_companies()
    for table in ("departments", "positions", "grades"):
        _create_organisation(table)
    _create_skills()
    _create_users()
    _create_refresh_sessions()
    _create_candidates()
    _create_candidate_children()
    _create_vacancies()
    _create_interviews()


def downgrade() -> None:
    # pg_trgm stays installed: other schemas of the database may use it.
    for table in reversed(TABLES):
        op.drop_table(table)
    for name in reversed(REFERENCE_TABLES):
        op.drop_table(f"ref_{name}")
