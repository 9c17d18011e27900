"""The database schema as SQLAlchemy Core tables: what the adapters map and what migrations build.

Every constraint and index has a predictable name (the naming convention below, or an explicit
name where a convention cannot derive one), so the adapters can turn a violation into the right
application error by its name. Tenant-owned rows carry `company_id`; parents are unique on
`(company_id, id)` and children point at them with composite foreign keys, so the database itself
refuses a link between two companies.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    func,
    literal_column,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSON

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

_LIVE = text("deleted_at IS NULL")
_MONEY = Numeric(12, 2)


def _id() -> Column:
    return Column("id", Uuid, primary_key=True)


def _company_id() -> Column:
    return Column("company_id", Uuid, ForeignKey("companies.id"), nullable=False)


def _created_at() -> Column:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


def _updated_at() -> Column:
    return Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now())


def _deleted_at() -> Column:
    return Column("deleted_at", DateTime(timezone=True), nullable=True)


def _version() -> list:
    return [
        Column("version", Integer, nullable=False, server_default=text("1")),
        CheckConstraint("version >= 1", name="version_positive"),
    ]


def _search_text() -> Column:
    return Column("search_text", Text, nullable=False, server_default=text("''"))


def _tenant_row() -> list:
    """The first two columns of every row a company owns."""
    return [_id(), _company_id()]


def _edited(*, soft_deleted: bool = False) -> list:
    """What a row that is edited in place carries: its audit times and its optimistic version."""
    return [_created_at(), _updated_at(), *([_deleted_at()] if soft_deleted else []), *_version()]


def _parent_key() -> UniqueConstraint:
    """`(company_id, id)`, the target of the children's composite foreign keys."""
    return UniqueConstraint("company_id", "id")


def _belongs_to(column: str, parent: str, ondelete: str | None = "CASCADE") -> list:
    """A required link to a row of the same company; by default it goes when its parent goes."""
    return [Column(column, Uuid, nullable=False), _tenant_fk(column, parent, ondelete=ondelete)]


def _refers_to(column: str, parent: str, ondelete: str | None = "RESTRICT") -> list:
    """An optional link to a row of the same company; by default the parent cannot go while used."""
    return [Column(column, Uuid, nullable=True), _tenant_fk(column, parent, ondelete=ondelete)]


def _made_by() -> list:
    """The user who created the row: kept when the user is deactivated, so no cascade."""
    return _belongs_to("created_by", "users", ondelete=None)


def _tenant_fk(column: str, parent: str, ondelete: str | None = None) -> ForeignKeyConstraint:
    """`(company_id, column) -> parent(company_id, id)`: a link never crosses companies."""
    return ForeignKeyConstraint(
        ["company_id", column], [f"{parent}.company_id", f"{parent}.id"], ondelete=ondelete
    )


def _trigram(name: str, expression, label: str) -> Index:
    return Index(
        name,
        expression.label(label),
        postgresql_using="gin",
        postgresql_ops={label: "gin_trgm_ops"},
    )


# --- reference data (codes are stable; rows are loaded by a migration) -------------------------


def _reference(name: str, *extra) -> Table:
    return Table(
        f"ref_{name}",
        metadata,
        Column("code", Integer, primary_key=True, autoincrement=False),
        Column("value", Text, nullable=False),
        Column("is_archive", Boolean, nullable=False, server_default=false()),
        *extra,
    )


ref_roles = _reference(
    "roles", Column("sys_name", Text, nullable=False), UniqueConstraint("sys_name")
)
ref_vacancy_priorities = _reference("vacancy_priorities")
ref_addresses = _reference(
    "addresses", Column("parent_code", Integer, ForeignKey("ref_addresses.code"), nullable=True)
)
ref_countries = _reference("countries")
ref_family_statuses = _reference("family_statuses")
ref_contact_types = _reference("contact_types")
ref_languages = _reference("languages")
ref_language_levels = _reference("language_levels", Column("level_code", Text, nullable=False))
ref_interview_stages = _reference(
    "interview_stages",
    Column("parent_code", Integer, ForeignKey("ref_interview_stages.code"), nullable=True),
)
ref_vacancy_statuses = _reference("vacancy_statuses")

REFERENCE_TABLES: dict[str, Table] = {
    "roles": ref_roles,
    "vacancy-priorities": ref_vacancy_priorities,
    "addresses": ref_addresses,
    "countries": ref_countries,
    "family-statuses": ref_family_statuses,
    "contact-types": ref_contact_types,
    "languages": ref_languages,
    "language-levels": ref_language_levels,
    "interview-stages": ref_interview_stages,
    "vacancy-statuses": ref_vacancy_statuses,
}

# --- identity ----------------------------------------------------------------------------------

companies = Table(
    "companies",
    metadata,
    _id(),
    Column("full_name", Text, nullable=False),
    Column("short_name", Text, nullable=False),
    Column("ogrn", Text, nullable=False),
    _created_at(),
    UniqueConstraint("ogrn"),
    CheckConstraint("ogrn ~ '^[0-9]{13}$'", name="ogrn_format"),
    CheckConstraint("char_length(full_name) BETWEEN 1 AND 500", name="full_name_length"),
    CheckConstraint("char_length(short_name) BETWEEN 1 AND 200", name="short_name_length"),
)

users = Table(
    "users",
    metadata,
    *_tenant_row(),
    Column("username", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("role_code", Integer, ForeignKey("ref_roles.code"), nullable=False),
    Column("first_name", Text, nullable=False),
    Column("last_name", Text, nullable=False),
    Column("middle_name", Text, nullable=True),
    Column("email", Text, nullable=False),
    *_refers_to("department_id", "departments"),
    *_refers_to("position_id", "positions"),
    *_refers_to("grade_id", "grades"),
    Column("is_active", Boolean, nullable=False, server_default=true()),
    Column("is_blocked", Boolean, nullable=False, server_default=false()),
    Column("failed_login_count", Integer, nullable=False, server_default=text("0")),
    Column("must_change_password", Boolean, nullable=False, server_default=false()),
    Column("logged_in_at", DateTime(timezone=True), nullable=True),
    *_edited(),
    _parent_key(),
    CheckConstraint("username ~ '^[a-z0-9._-]{3,64}$'", name="username_format"),
    CheckConstraint("failed_login_count >= 0", name="failed_login_count_not_negative"),
    # USERS_SEARCH below, spelled the way PostgreSQL prints it back (see there).
    _trigram(
        "ix_users_search_trgm",
        literal_column("lower((((last_name || ' ') || first_name) || ' ') || username)", Text),
        "search",
    ),
)
Index("uq_users_username", func.lower(users.c.username), unique=True)
Index(None, users.c.company_id, users.c.role_code)
Index(None, users.c.company_id, users.c.department_id)
Index(None, users.c.company_id, users.c.position_id)
Index(None, users.c.company_id, users.c.grade_id)
Index(None, users.c.company_id, users.c.last_name, users.c.id)
Index(None, users.c.company_id, users.c.created_at, users.c.id)

# The text the user list's `q` matches; queries use this expression. Its trigram index, in the
# table above, spells it the way PostgreSQL prints it back, so a migrated index compares equal.
# Spaces are SQL literals: a bound parameter would not match the index.
_SPACE = literal_column("' '", Text)
USERS_SEARCH = func.lower(
    users.c.last_name + _SPACE + users.c.first_name + _SPACE + users.c.username
)

refresh_sessions = Table(
    "refresh_sessions",
    metadata,
    *_tenant_row(),
    *_belongs_to("user_id", "users"),
    Column("family_id", Uuid, nullable=False),
    Column("token_hash", Text, nullable=False),
    _created_at(),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("token_hash"),
)
Index(None, refresh_sessions.c.company_id, refresh_sessions.c.user_id)
Index(None, refresh_sessions.c.family_id)

# --- organisation ------------------------------------------------------------------------------


def _organisation(name: str) -> Table:
    """Departments, positions and grades: a name unique per company, case-insensitively."""
    table = Table(
        name,
        metadata,
        *_tenant_row(),
        Column("name", Text, nullable=False),
        *_edited(),
        _parent_key(),
        CheckConstraint("char_length(name) BETWEEN 1 AND 200", name="name_length"),
    )
    Index(f"uq_{name}_company_id_name", table.c.company_id, func.lower(table.c.name), unique=True)
    _trigram(f"ix_{name}_name_trgm", func.lower(table.c.name), "name_lower")
    return table


departments = _organisation("departments")
positions = _organisation("positions")
grades = _organisation("grades")

skills = Table(
    "skills",
    metadata,
    *_tenant_row(),
    Column("name", Text, nullable=False),
    Column("normalized_name", Text, nullable=False),
    _created_at(),
    _parent_key(),
    UniqueConstraint("company_id", "normalized_name"),
    CheckConstraint("char_length(normalized_name) >= 1", name="normalized_name_not_empty"),
)
Index(
    "ix_skills_normalized_name_trgm",
    skills.c.normalized_name,
    postgresql_using="gin",
    postgresql_ops={"normalized_name": "gin_trgm_ops"},
)
Index(
    "ix_skills_company_id_normalized_name_prefix",
    skills.c.company_id,
    skills.c.normalized_name,
    postgresql_ops={"normalized_name": "text_pattern_ops"},
)

# --- candidates --------------------------------------------------------------------------------

candidates = Table(
    "candidates",
    metadata,
    *_tenant_row(),
    Column("first_name", Text, nullable=False),
    Column("last_name", Text, nullable=False),
    Column("middle_name", Text, nullable=True),
    Column("birth_date", Date, nullable=True),
    Column("min_salary", _MONEY, nullable=True),
    *_refers_to("position_id", "positions"),
    *_refers_to("grade_id", "grades"),
    Column("address_code", Integer, ForeignKey("ref_addresses.code"), nullable=True),
    Column("citizenship_code", Integer, ForeignKey("ref_countries.code"), nullable=True),
    Column("family_status_code", Integer, ForeignKey("ref_family_statuses.code"), nullable=True),
    *_made_by(),
    *_edited(soft_deleted=True),
    _search_text(),
    _parent_key(),
    CheckConstraint("min_salary > 0", name="min_salary_positive"),
    CheckConstraint("char_length(first_name) BETWEEN 1 AND 100", name="first_name_length"),
    CheckConstraint("char_length(last_name) BETWEEN 1 AND 100", name="last_name_length"),
)
Index(
    "ix_candidates_company_id_created_at_id",
    candidates.c.company_id,
    candidates.c.created_at.desc(),
    candidates.c.id,
    postgresql_where=_LIVE,
)
Index(
    "ix_candidates_company_id_last_name_id",
    candidates.c.company_id,
    candidates.c.last_name,
    candidates.c.id,
    postgresql_where=_LIVE,
)
Index(
    "ix_candidates_company_id_min_salary_id",
    candidates.c.company_id,
    candidates.c.min_salary,
    candidates.c.id,
    postgresql_where=_LIVE,
)
# The position filter, usually with a salary range: matches, their sort key and liveness are read
# from the index alone, not from a heap row per candidate of the position.
Index(
    None,
    candidates.c.company_id,
    candidates.c.position_id,
    candidates.c.min_salary,
    postgresql_include=["id", "created_at", "deleted_at"],
)
Index(None, candidates.c.company_id, candidates.c.grade_id)
Index(None, candidates.c.company_id, candidates.c.address_code)
_trigram("ix_candidates_search_text_trgm", candidates.c.search_text, "search_text")
_trigram("ix_candidates_first_name_trgm", func.lower(candidates.c.first_name), "first_name")
_trigram("ix_candidates_last_name_trgm", func.lower(candidates.c.last_name), "last_name")
_trigram("ix_candidates_middle_name_trgm", func.lower(candidates.c.middle_name), "middle_name")

# How many live candidates each company has: the sum of its `live` over its slots. Kept by
# statement triggers on `candidates` (see migration 0003, which also says why there are slots),
# never written by the adapters; it spares the unfiltered list a count of every live row.
candidate_counts = Table(
    "candidate_counts",
    metadata,
    Column("company_id", Uuid, ForeignKey("companies.id", ondelete="CASCADE"), nullable=False),
    Column("slot", SmallInteger, nullable=False),
    Column("live", BigInteger, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("company_id", "slot"),
)

# The card's contacts, work places, languages and skills of each candidate as JSON, rewritten with
# every write of the candidate (see adapters/postgres/candidate_children.py): pages embed them
# instead of aggregating the child rows of every card.
candidate_cards = Table(
    "candidate_cards",
    metadata,
    _company_id(),
    *_belongs_to("candidate_id", "candidates"),
    Column("contacts", JSON, nullable=False),
    Column("work_places", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("skills", JSON, nullable=False),
    PrimaryKeyConstraint("company_id", "candidate_id"),
)

candidate_contacts = Table(
    "candidate_contacts",
    metadata,
    *_tenant_row(),
    *_belongs_to("candidate_id", "candidates"),
    Column("type_code", Integer, ForeignKey("ref_contact_types.code"), nullable=False),
    Column("value", Text, nullable=False),
    Column("is_priority", Boolean, nullable=False, server_default=false()),
    Column("sort_order", Integer, nullable=False, server_default=text("0")),
    CheckConstraint("char_length(value) BETWEEN 1 AND 255", name="value_length"),
)
Index(None, candidate_contacts.c.company_id, candidate_contacts.c.candidate_id)
Index(
    "uq_candidate_contacts_priority",
    candidate_contacts.c.candidate_id,
    unique=True,
    postgresql_where=candidate_contacts.c.is_priority,
)

candidate_work_places = Table(
    "candidate_work_places",
    metadata,
    *_tenant_row(),
    *_belongs_to("candidate_id", "candidates"),
    Column("position", Text, nullable=False),
    Column("company", Text, nullable=False),
    Column("work_from", Date, nullable=False),
    Column("work_to", Date, nullable=True),
    Column("is_actual", Boolean, nullable=False),
    Column("sort_order", Integer, nullable=False, server_default=text("0")),
    CheckConstraint("work_from <= work_to", name="work_period"),
    CheckConstraint("is_actual = (work_to IS NULL)", name="is_actual_open_period"),
)
Index(None, candidate_work_places.c.company_id, candidate_work_places.c.candidate_id)

candidate_languages = Table(
    "candidate_languages",
    metadata,
    *_tenant_row(),
    *_belongs_to("candidate_id", "candidates"),
    Column("language_code", Integer, ForeignKey("ref_languages.code"), nullable=False),
    Column("level_code", Integer, ForeignKey("ref_language_levels.code"), nullable=False),
    UniqueConstraint("candidate_id", "language_code"),
)
Index(None, candidate_languages.c.company_id, candidate_languages.c.candidate_id)

candidate_notes = Table(
    "candidate_notes",
    metadata,
    *_tenant_row(),
    *_belongs_to("candidate_id", "candidates"),
    Column("text", Text, nullable=False),
    *_belongs_to("author_id", "users", ondelete=None),
    _created_at(),
    CheckConstraint("char_length(text) BETWEEN 1 AND 10000", name="text_length"),
)
Index(
    None, candidate_notes.c.company_id, candidate_notes.c.candidate_id, candidate_notes.c.created_at
)

# A candidate's resumes and attachments: the metadata and the extracted text; the bytes live in
# the file storage under `storage_key`. A live file's content is unique per candidate, so a
# repeated upload finds the file it repeats.
candidate_files = Table(
    "candidate_files",
    metadata,
    *_tenant_row(),
    *_belongs_to("candidate_id", "candidates"),
    Column("kind", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("storage_key", Text, nullable=False, unique=True),
    Column("text", Text, nullable=True),
    Column("text_extracted", Boolean, nullable=False, server_default=false()),
    *_belongs_to("uploaded_by", "users", ondelete=None),
    _created_at(),
    _deleted_at(),
    CheckConstraint("kind IN ('resume', 'cover_letter', 'portfolio', 'other')", name="kind_known"),
    CheckConstraint("char_length(file_name) BETWEEN 1 AND 255", name="file_name_length"),
    CheckConstraint("size > 0", name="size_positive"),
    CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
)
Index(
    None,
    candidate_files.c.company_id,
    candidate_files.c.candidate_id,
    candidate_files.c.created_at,
)
Index(
    "uq_candidate_files_live_content",
    candidate_files.c.company_id,
    candidate_files.c.candidate_id,
    candidate_files.c.sha256,
    unique=True,
    postgresql_where=_LIVE,
)

candidate_skills = Table(
    "candidate_skills",
    metadata,
    _company_id(),
    *_belongs_to("candidate_id", "candidates"),
    *_belongs_to("skill_id", "skills", ondelete="RESTRICT"),
    PrimaryKeyConstraint("candidate_id", "skill_id"),
)
Index(
    None,
    candidate_skills.c.company_id,
    candidate_skills.c.skill_id,
    candidate_skills.c.candidate_id,
)

# --- vacancies ---------------------------------------------------------------------------------

vacancies = Table(
    "vacancies",
    metadata,
    *_tenant_row(),
    *_belongs_to("position_id", "positions", ondelete="RESTRICT"),
    *_belongs_to("department_id", "departments", ondelete="RESTRICT"),
    *_refers_to("grade_id", "grades"),
    Column("salary_from", _MONEY, nullable=True),
    Column("salary_to", _MONEY, nullable=True),
    Column("employee_count", Integer, nullable=False),
    Column("priority_code", Integer, ForeignKey("ref_vacancy_priorities.code"), nullable=False),
    Column(
        "status_code",
        Integer,
        ForeignKey("ref_vacancy_statuses.code"),
        nullable=False,
        server_default=text("1"),
    ),
    Column("deadline", Date, nullable=True),
    Column("address_code", Integer, ForeignKey("ref_addresses.code"), nullable=True),
    Column("project", Text, nullable=True),
    *_refers_to("recruiter_id", "users", ondelete=None),
    *_made_by(),
    *_edited(soft_deleted=True),
    _search_text(),
    _parent_key(),
    CheckConstraint("salary_from > 0", name="salary_from_positive"),
    CheckConstraint("salary_to > 0", name="salary_to_positive"),
    CheckConstraint("salary_from <= salary_to", name="salary_range"),
    CheckConstraint("employee_count BETWEEN 1 AND 1000", name="employee_count_range"),
)
Index(None, vacancies.c.company_id, vacancies.c.recruiter_id)
Index(None, vacancies.c.company_id, vacancies.c.department_id)
Index(None, vacancies.c.company_id, vacancies.c.position_id)
Index(None, vacancies.c.company_id, vacancies.c.grade_id)
Index(None, vacancies.c.company_id, vacancies.c.status_code)
Index(None, vacancies.c.company_id, vacancies.c.address_code)
Index(
    "ix_vacancies_company_id_priority_code_id",
    vacancies.c.company_id,
    vacancies.c.priority_code,
    vacancies.c.id,
    postgresql_where=_LIVE,
)
Index(
    "ix_vacancies_company_id_created_at_id",
    vacancies.c.company_id,
    vacancies.c.created_at,
    vacancies.c.id,
    postgresql_where=_LIVE,
)
Index(
    "ix_vacancies_company_id_deadline_id",
    vacancies.c.company_id,
    vacancies.c.deadline,
    vacancies.c.id,
    postgresql_where=_LIVE,
)
_trigram("ix_vacancies_search_text_trgm", vacancies.c.search_text, "search_text")

vacancy_skills = Table(
    "vacancy_skills",
    metadata,
    _company_id(),
    *_belongs_to("vacancy_id", "vacancies"),
    *_belongs_to("skill_id", "skills", ondelete="RESTRICT"),
    PrimaryKeyConstraint("vacancy_id", "skill_id"),
)
Index(None, vacancy_skills.c.company_id, vacancy_skills.c.skill_id, vacancy_skills.c.vacancy_id)

# --- interviews --------------------------------------------------------------------------------

interviews = Table(
    "interviews",
    metadata,
    *_tenant_row(),
    *_belongs_to("candidate_id", "candidates"),
    *_belongs_to("vacancy_id", "vacancies"),
    Column("stage_code", Integer, ForeignKey("ref_interview_stages.code"), nullable=False),
    Column("stage_entered_at", DateTime(timezone=True), nullable=False),
    *_made_by(),
    *_edited(soft_deleted=True),
    _parent_key(),
)
Index(
    "uq_interviews_live_pair",
    interviews.c.company_id,
    interviews.c.candidate_id,
    interviews.c.vacancy_id,
    unique=True,
    postgresql_where=_LIVE,
)
Index(None, interviews.c.company_id, interviews.c.vacancy_id, interviews.c.stage_code)
Index(None, interviews.c.company_id, interviews.c.candidate_id)
Index(None, interviews.c.company_id, interviews.c.created_by)
Index(None, interviews.c.company_id, interviews.c.created_at, interviews.c.id)
Index(None, interviews.c.company_id, interviews.c.updated_at, interviews.c.id)

interview_stage_results = Table(
    "interview_stage_results",
    metadata,
    *_tenant_row(),
    *_belongs_to("interview_id", "interviews"),
    Column("old_stage_code", Integer, ForeignKey("ref_interview_stages.code"), nullable=False),
    Column("new_stage_code", Integer, ForeignKey("ref_interview_stages.code"), nullable=False),
    Column("note", Text, nullable=True),
    Column("seconds_in_old_stage", BigInteger, nullable=False),
    *_made_by(),
    _created_at(),
    _deleted_at(),
    CheckConstraint("old_stage_code <> new_stage_code", name="stage_changes"),
    CheckConstraint("seconds_in_old_stage >= 0", name="seconds_in_old_stage_not_negative"),
)
Index(
    "ix_interview_stage_results_history",
    interview_stage_results.c.company_id,
    interview_stage_results.c.interview_id,
    interview_stage_results.c.created_at,
    interview_stage_results.c.id,
)

# --- idempotency -------------------------------------------------------------------------------

# The answer of each request sent with an Idempotency-Key, written in the request's own
# transaction (adapters/postgres/idempotency.py); a retry with the key is answered from here.
idempotency_answers = Table(
    "idempotency_answers",
    metadata,
    _company_id(),
    *_belongs_to("user_id", "users"),
    Column("key", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
    Column("status", SmallInteger, nullable=False),
    Column("headers", JSON, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("company_id", "user_id", "key"),
)
Index(None, idempotency_answers.c.recorded_at)

# The event log: one row per committed change, written in its transaction. `body` is the event
# as the history and the webhooks send it, less the actor's names (joined when read, so a
# renamed user reads under their current name). Ids are UUIDv7: the pk orders the log.
events = Table(
    "events",
    metadata,
    _id(),
    _company_id(),
    Column("type", Text, nullable=False),
    Column("entity_type", Text, nullable=False),
    Column("entity_id", Uuid, nullable=False),
    *_refers_to("actor_id", "users", ondelete=None),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("body", JSON, nullable=False),
)
Index(None, events.c.company_id, events.c.entity_type, events.c.entity_id, events.c.id)
Index(None, events.c.company_id, events.c.id)

# Webhooks: where a company's events are sent. `lease_*` says which worker sends for it now
# (nobody else may, so its deliveries go out in order); `retry_at`: its first pending delivery
# failed and is tried again then.
webhooks = Table(
    "webhooks",
    metadata,
    *_tenant_row(),
    Column("url", Text, nullable=False),
    Column("event_types", ARRAY(Text), nullable=False),
    Column("description", Text, nullable=True),
    Column("is_active", Boolean, nullable=False, server_default=true()),
    Column("disabled_reason", Text, nullable=True),
    Column("secret", Text, nullable=False),
    *_made_by(),
    *_edited(),
    Column("lease_owner", Text, nullable=True),
    Column("lease_until", DateTime(timezone=True), nullable=True),
    Column("retry_at", DateTime(timezone=True), nullable=True),
    _parent_key(),
)
Index(None, webhooks.c.company_id, webhooks.c.created_at)

# The outbox: one row per event and webhook that wants it, written in the event's transaction.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    *_tenant_row(),
    *_belongs_to("webhook_id", "webhooks"),
    Column("event_id", Uuid, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("event_type", Text, nullable=False),
    Column("status", Text, nullable=False, server_default=text("'pending'")),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("failing_since", DateTime(timezone=True), nullable=True),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Column("last_status_code", Integer, nullable=True),
    Column("last_response", Text, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("last_duration_ms", Integer, nullable=True),
    _created_at(),
    CheckConstraint("status IN ('pending', 'delivered', 'failed')", name="status_known"),
)
Index(
    "ix_webhook_deliveries_pending",
    webhook_deliveries.c.webhook_id,
    webhook_deliveries.c.event_id,
    postgresql_where=text("status = 'pending'"),
)
Index(None, webhook_deliveries.c.webhook_id, webhook_deliveries.c.created_at)
Index(None, webhook_deliveries.c.event_id)
Index(None, webhook_deliveries.c.delivered_at)
