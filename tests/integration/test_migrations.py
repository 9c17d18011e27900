"""Migrations are tested code: the stairway, the reference data, the schema the code maps agreeing
with the migrated one, and the rules the database itself enforces (by constraint name)."""

from __future__ import annotations

import io
import json
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from adapters.postgres import migrator, tables

REFERENCE_DATA: dict[str, list[dict[str, Any]]] = json.loads(
    files("adapters.postgres").joinpath("reference-data.json").read_text("utf-8")
)


@asynccontextmanager
async def engine_for(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        yield engine
    finally:
        await engine.dispose()


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrator.alembic_config())


def revisions_oldest_first() -> list:
    return list(reversed(list(script_directory().walk_revisions())))


async def public_tables(url: str) -> set[str]:
    async with engine_for(url) as engine, engine.connect() as connection:
        rows = await connection.execute(
            sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        )
        return {row.tablename for row in rows}


# --- history -------------------------------------------------------------------------------------


def test_history_is_one_line_of_date_prefixed_files() -> None:
    script = script_directory()
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    for revision in script.walk_revisions():
        assert re.fullmatch(r"\d{4}_\d{2}_\d{2}_\w+\.py", revision.module.__file__.split("/")[-1])


def test_migrations_do_not_import_the_mapped_tables() -> None:
    for revision in script_directory().walk_revisions():
        source = Path(revision.path).read_text(encoding="utf-8")
        assert "adapters.postgres.tables" not in source, revision.path


def test_offline_mode_renders_the_whole_history_as_sql() -> None:
    config = migrator.alembic_config("postgresql+asyncpg://nobody@localhost/nowhere")
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)
    sql = config.output_buffer.getvalue()
    assert "CREATE EXTENSION IF NOT EXISTS pg_trgm" in sql
    assert "CREATE UNIQUE INDEX uq_interviews_live_pair" in sql
    assert "ON CONFLICT (code) DO UPDATE" in sql


# --- stairway ------------------------------------------------------------------------------------


async def test_upgrade_downgrade_upgrade_whole_history(
    empty_database_url: str, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the migrator needs no alembic.ini and no particular cwd
    assert not await migrator.is_at_head(empty_database_url)

    await migrator.upgrade(empty_database_url)
    assert await migrator.is_at_head(empty_database_url)
    assert {t.name for t in tables.metadata.sorted_tables} <= await public_tables(
        empty_database_url
    )

    await migrator.downgrade(empty_database_url, "base")
    assert not await migrator.is_at_head(empty_database_url)
    assert await public_tables(empty_database_url) == {"alembic_version"}

    await migrator.upgrade(empty_database_url, "head")
    assert await migrator.is_at_head(empty_database_url)


async def test_stairway_revision_by_revision(empty_database_url: str) -> None:
    for revision in revisions_oldest_first():
        await migrator.upgrade(empty_database_url, revision.revision)
        await migrator.downgrade(empty_database_url, revision.down_revision or "base")
        await migrator.upgrade(empty_database_url, revision.revision)
    assert await migrator.is_at_head(empty_database_url)

    for revision in reversed(revisions_oldest_first()):
        await migrator.downgrade(empty_database_url, revision.down_revision or "base")
    assert await public_tables(empty_database_url) == {"alembic_version"}


async def test_is_at_head_accepts_url_engine_and_connection(migrated_database_url: str) -> None:
    assert await migrator.is_at_head(migrated_database_url)
    async with engine_for(migrated_database_url) as engine:
        assert await migrator.is_at_head(engine)
        async with engine.connect() as connection:
            assert await migrator.is_at_head(connection)
            assert await migrator.current_revisions(connection) == migrator.head_revisions()


# --- reference data ------------------------------------------------------------------------------


@pytest.fixture
async def connection(migrated_database_url: str) -> AsyncIterator[AsyncConnection]:
    """A connection to the migrated database inside a transaction that is rolled back."""
    async with engine_for(migrated_database_url) as engine, engine.connect() as conn:
        transaction = await conn.begin()
        try:
            yield conn
        finally:
            await transaction.rollback()


def _json_key(api_name: str) -> str:
    return api_name.replace("-", "_")


async def test_reference_data_is_loaded_as_in_the_json(connection: AsyncConnection) -> None:
    assert set(tables.REFERENCE_TABLES) == {k.replace("_", "-") for k in REFERENCE_DATA}
    for api_name, table in tables.REFERENCE_TABLES.items():
        expected = REFERENCE_DATA[_json_key(api_name)]
        rows = (await connection.execute(sa.select(table).order_by(table.c.code))).mappings()
        stored = [dict(row) for row in rows]
        assert len(stored) == len(expected), api_name
        for row, item in zip(stored, sorted(expected, key=lambda i: i["code"]), strict=True):
            assert row == {"is_archive": False, **item}, api_name


async def _xmins(connection: AsyncConnection) -> dict[str, list[tuple[int, str]]]:
    result = {}
    for table in tables.REFERENCE_TABLES.values():
        rows = await connection.execute(
            sa.text(f"SELECT code, xmin::text AS x FROM {table.name} ORDER BY code")
        )
        result[table.name] = [tuple(row) for row in rows]
    return result


async def test_reference_data_upsert_twice_changes_nothing(connection: AsyncConnection) -> None:
    data_migration = script_directory().get_revision("0002").module
    before = await _xmins(connection)

    assert await connection.run_sync(data_migration.upsert_reference_data) == 0
    assert await connection.run_sync(data_migration.upsert_reference_data) == 0
    assert await _xmins(connection) == before  # not even a no-op update was written

    stages = tables.ref_interview_stages
    await connection.execute(stages.update().where(stages.c.code == 10).values(value="changed"))
    assert await connection.run_sync(data_migration.upsert_reference_data) == 1
    restored = await connection.scalar(sa.select(stages.c.value).where(stages.c.code == 10))
    assert restored == "Оффер принят"


# --- the mapped schema and the migrated schema agree --------------------------------------------


async def test_mapped_tables_match_the_migrated_schema(migrated_database_url: str) -> None:
    def diff(sync_connection: sa.Connection) -> list:
        context = MigrationContext.configure(
            sync_connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, tables.metadata)

    async with engine_for(migrated_database_url) as engine, engine.connect() as conn:
        assert await conn.run_sync(diff) == []


CATALOG = sa.text(
    """
    SELECT 'column' AS kind, c.relname AS table_name,
           a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
           || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
           || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') AS definition
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'constraint', c.relname, con.conname || ' ' || pg_get_constraintdef(con.oid)
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'index', tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'
    """
)


async def _catalog(url: str) -> set[tuple[str, str, str]]:
    async with engine_for(url) as engine, engine.connect() as conn:
        rows = await conn.execute(CATALOG)
        return {tuple(row) for row in rows if row.table_name != "alembic_version"}


async def test_migrated_schema_is_exactly_what_the_tables_create(
    migrated_database_url: str, empty_database_url: str
) -> None:
    """Stricter than autogenerate: partial-index predicates, operator classes, check
    expressions, ON DELETE actions and every name compared through the catalog."""
    async with engine_for(empty_database_url) as engine, engine.begin() as conn:
        await conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        await conn.run_sync(tables.metadata.create_all)

    migrated = await _catalog(migrated_database_url)
    mapped = await _catalog(empty_database_url)
    assert sorted(migrated - mapped) == sorted(mapped - migrated) == []


def test_every_constraint_and_index_has_a_short_explicit_name() -> None:
    for table in tables.metadata.sorted_tables:
        for item in (*table.constraints, *table.indexes):
            assert item.name, (table.name, item)
            assert len(item.name) <= 63, item.name
            assert "%(" not in item.name, item.name


async def test_user_search_expression_uses_its_trigram_index(connection: AsyncConnection) -> None:
    await connection.execute(sa.text("SET LOCAL enable_seqscan = off"))
    query = sa.select(tables.users.c.id).where(tables.USERS_SEARCH.contains("ivan"))
    sql = str(query.compile(connection.engine, compile_kwargs={"literal_binds": True}))
    plan = "\n".join((await connection.execute(sa.text(f"EXPLAIN {sql}"))).scalars())
    assert "ix_users_search_trgm" in plan


# --- rules the database enforces -----------------------------------------------------------------


def _constraint_name(error: sa.exc.DBAPIError) -> str | None:
    original = getattr(error.orig, "__cause__", None) or error.orig
    return getattr(original, "constraint_name", None)


async def violated(connection: AsyncConnection, statement: sa.Executable) -> str | None:
    """Run a statement that must fail in a savepoint; the name of the constraint it broke."""
    with pytest.raises(sa.exc.IntegrityError) as error:
        async with connection.begin_nested():
            await connection.execute(statement)
    return _constraint_name(error.value)


async def new_company(connection: AsyncConnection) -> uuid.UUID:
    company_id = uuid.uuid4()
    await connection.execute(
        tables.companies.insert().values(
            id=company_id,
            full_name="ООО Тест",
            short_name="Тест",
            ogrn=f"{uuid.uuid4().int % 10**13:013d}",
        )
    )
    return company_id


async def new_user(
    connection: AsyncConnection, company_id: uuid.UUID, username: str | None = None, **values: Any
) -> uuid.UUID:
    user_id = uuid.uuid4()
    await connection.execute(
        tables.users.insert().values(
            id=user_id,
            company_id=company_id,
            username=username or f"u{uuid.uuid4().hex[:12]}",
            password_hash="x",
            role_code=1,
            first_name="Иван",
            last_name="Иванов",
            email="ivan@example.com",
            **values,
        )
    )
    return user_id


async def new_named(connection: AsyncConnection, table: sa.Table, company_id, name: str):
    row_id = uuid.uuid4()
    await connection.execute(table.insert().values(id=row_id, company_id=company_id, name=name))
    return row_id


async def new_candidate(connection: AsyncConnection, company_id, created_by, **values):
    candidate_id = uuid.uuid4()
    await connection.execute(
        tables.candidates.insert().values(
            id=candidate_id,
            company_id=company_id,
            first_name="Анна",
            last_name="Петрова",
            created_by=created_by,
            **values,
        )
    )
    return candidate_id


async def new_vacancy(connection: AsyncConnection, company_id, created_by, **values) -> uuid.UUID:
    vacancy_id = uuid.uuid4()
    defaults = {
        "position_id": await new_named(connection, tables.positions, company_id, "Dev"),
        "department_id": await new_named(connection, tables.departments, company_id, "IT"),
        "employee_count": 1,
        "priority_code": 1,
    }
    await connection.execute(
        tables.vacancies.insert().values(
            id=vacancy_id, company_id=company_id, created_by=created_by, **{**defaults, **values}
        )
    )
    return vacancy_id


@pytest.fixture
async def company(connection: AsyncConnection) -> tuple[uuid.UUID, uuid.UUID]:
    """(company id, an admin user id) of a fresh company."""
    company_id = await new_company(connection)
    return company_id, await new_user(connection, company_id)


async def test_organisation_names_are_unique_per_company_case_insensitively(
    connection: AsyncConnection, company
) -> None:
    company_id, _ = company
    other_company = await new_company(connection)
    for table in (tables.departments, tables.positions, tables.grades):
        await new_named(connection, table, company_id, "IT")
        await new_named(connection, table, other_company, "IT")  # another tenant: fine
        duplicate = table.insert().values(id=uuid.uuid4(), company_id=company_id, name="it")
        assert await violated(connection, duplicate) == f"uq_{table.name}_company_id_name"
        empty = table.insert().values(id=uuid.uuid4(), company_id=company_id, name="")
        assert await violated(connection, empty) == f"ck_{table.name}_name_length"


async def test_usernames_are_unique_across_companies(connection: AsyncConnection, company) -> None:
    company_id, _ = company
    await new_user(connection, company_id, "ivan.petrov")
    other_company = await new_company(connection)
    with pytest.raises(sa.exc.IntegrityError) as error:
        async with connection.begin_nested():
            await new_user(connection, other_company, "ivan.petrov")
    assert _constraint_name(error.value) == "uq_users_username"
    with pytest.raises(sa.exc.IntegrityError) as error:
        async with connection.begin_nested():
            await new_user(connection, company_id, "Ivan.Petrov")
    assert _constraint_name(error.value) == "ck_users_username_format"


async def test_skill_names_are_unique_per_company_only(
    connection: AsyncConnection, company
) -> None:
    company_id, _ = company
    other_company = await new_company(connection)
    skills = tables.skills
    for owner in (company_id, other_company):
        await connection.execute(
            skills.insert().values(
                id=uuid.uuid4(), company_id=owner, name="Python", normalized_name="python"
            )
        )
    duplicate = skills.insert().values(
        id=uuid.uuid4(), company_id=company_id, name="PYTHON", normalized_name="python"
    )
    assert await violated(connection, duplicate) == "uq_skills_company_id_normalized_name"


async def test_vacancy_salary_range_and_employee_count(
    connection: AsyncConnection, company
) -> None:
    company_id, admin = company
    with pytest.raises(sa.exc.IntegrityError) as error:
        async with connection.begin_nested():
            await new_vacancy(connection, company_id, admin, salary_from=200, salary_to=100)
    assert _constraint_name(error.value) == "ck_vacancies_salary_range"
    with pytest.raises(sa.exc.IntegrityError) as error:
        async with connection.begin_nested():
            await new_vacancy(connection, company_id, admin, employee_count=0)
    assert _constraint_name(error.value) == "ck_vacancies_employee_count_range"
    vacancy_id = await new_vacancy(connection, company_id, admin, salary_from=100, salary_to=100)
    status = await connection.scalar(
        sa.select(tables.vacancies.c.status_code).where(tables.vacancies.c.id == vacancy_id)
    )
    assert status == 1


async def test_children_cannot_point_at_another_company(
    connection: AsyncConnection, company
) -> None:
    company_id, admin = company
    other_company = await new_company(connection)
    other_admin = await new_user(connection, other_company)
    foreign_candidate = await new_candidate(connection, other_company, other_admin)

    contact = tables.candidate_contacts.insert().values(
        id=uuid.uuid4(),
        company_id=company_id,
        candidate_id=foreign_candidate,
        type_code=3,
        value="a@example.com",
    )
    assert (
        await violated(connection, contact)
        == "fk_candidate_contacts_company_id_candidate_id_candidates"
    )

    foreign_department = await new_named(connection, tables.departments, other_company, "HR")
    with pytest.raises(sa.exc.IntegrityError) as error:
        async with connection.begin_nested():
            await new_user(connection, company_id, department_id=foreign_department)
    assert _constraint_name(error.value) == "fk_users_company_id_department_id_departments"

    with pytest.raises(sa.exc.IntegrityError) as error:
        async with connection.begin_nested():
            await new_candidate(connection, company_id, other_admin)
    assert _constraint_name(error.value) == "fk_candidates_company_id_created_by_users"

    # A NULL optional reference is fine (MATCH SIMPLE).
    await new_candidate(connection, company_id, admin, grade_id=None, position_id=None)


async def test_referenced_organisation_rows_and_skills_are_in_use(
    connection: AsyncConnection, company
) -> None:
    company_id, admin = company
    department = await new_named(connection, tables.departments, company_id, "Sales")
    await new_user(connection, company_id, department_id=department)
    delete = tables.departments.delete().where(tables.departments.c.id == department)
    assert await violated(connection, delete) == "fk_users_company_id_department_id_departments"

    skill = uuid.uuid4()
    await connection.execute(
        tables.skills.insert().values(
            id=skill, company_id=company_id, name="SQL", normalized_name="sql"
        )
    )
    candidate = await new_candidate(connection, company_id, admin)
    await connection.execute(
        tables.candidate_skills.insert().values(
            company_id=company_id, candidate_id=candidate, skill_id=skill
        )
    )
    delete = tables.skills.delete().where(tables.skills.c.id == skill)
    assert await violated(connection, delete) == "fk_candidate_skills_company_id_skill_id_skills"


async def test_candidate_children_rules_and_cascade(connection: AsyncConnection, company) -> None:
    company_id, admin = company
    candidate = await new_candidate(connection, company_id, admin)
    contacts = tables.candidate_contacts

    def contact(**values):
        return contacts.insert().values(
            id=uuid.uuid4(),
            company_id=company_id,
            candidate_id=candidate,
            type_code=1,
            value="+79990000000",
            **values,
        )

    await connection.execute(contact(is_priority=True))
    await connection.execute(contact(is_priority=False))
    assert await violated(connection, contact(is_priority=True)) == "uq_candidate_contacts_priority"

    work_places = tables.candidate_work_places

    def work_place(**values):
        return work_places.insert().values(
            id=uuid.uuid4(),
            company_id=company_id,
            candidate_id=candidate,
            position="Dev",
            company="ACME",
            **values,
        )

    await connection.execute(work_place(work_from=date(2020, 1, 1), is_actual=True))
    backwards = work_place(work_from=date(2020, 1, 1), work_to=date(2019, 1, 1), is_actual=False)
    assert await violated(connection, backwards) == "ck_candidate_work_places_work_period"
    closed_but_actual = work_place(
        work_from=date(2020, 1, 1), work_to=date(2021, 1, 1), is_actual=True
    )
    assert (
        await violated(connection, closed_but_actual)
        == "ck_candidate_work_places_is_actual_open_period"
    )

    language = tables.candidate_languages.insert().values(
        company_id=company_id, candidate_id=candidate, language_code=1, level_code=1
    )
    await connection.execute(language.values(id=uuid.uuid4()))
    assert (
        await violated(connection, language.values(id=uuid.uuid4()))
        == "uq_candidate_languages_candidate_id_language_code"
    )

    salary = tables.candidates.update().where(tables.candidates.c.id == candidate)
    assert (
        await violated(connection, salary.values(min_salary=0))
        == "ck_candidates_min_salary_positive"
    )

    await connection.execute(tables.candidates.delete().where(tables.candidates.c.id == candidate))
    left = await connection.scalar(
        sa.select(sa.func.count()).where(contacts.c.candidate_id == candidate)
    )
    assert left == 0


async def test_one_live_interview_per_pair_and_clean_stage_moves(
    connection: AsyncConnection, company
) -> None:
    company_id, admin = company
    candidate = await new_candidate(connection, company_id, admin)
    vacancy = await new_vacancy(connection, company_id, admin)
    interviews = tables.interviews

    def interview(interview_id: uuid.UUID):
        return interviews.insert().values(
            id=interview_id,
            company_id=company_id,
            candidate_id=candidate,
            vacancy_id=vacancy,
            stage_code=1,
            stage_entered_at=sa.func.now(),
            created_by=admin,
        )

    first = uuid.uuid4()
    await connection.execute(interview(first))
    assert await violated(connection, interview(uuid.uuid4())) == "uq_interviews_live_pair"
    await connection.execute(
        interviews.update().where(interviews.c.id == first).values(deleted_at=sa.func.now())
    )
    await connection.execute(interview(uuid.uuid4()))  # the old one is soft-deleted

    results = tables.interview_stage_results

    def move(old: int, new: int, seconds: int = 5):
        return results.insert().values(
            id=uuid.uuid4(),
            company_id=company_id,
            interview_id=first,
            old_stage_code=old,
            new_stage_code=new,
            seconds_in_old_stage=seconds,
            created_by=admin,
        )

    await connection.execute(move(1, 4))
    assert await violated(connection, move(4, 4)) == "ck_interview_stage_results_stage_changes"
    assert (
        await violated(connection, move(4, 5, seconds=-1))
        == "ck_interview_stage_results_seconds_in_old_stage_not_negative"
    )
    assert (
        await violated(connection, move(4, 99))
        == "fk_interview_stage_results_new_stage_code_ref_interview_stages"
    )


async def test_companies_ogrn_is_thirteen_digits_and_unique(connection: AsyncConnection) -> None:
    def company(ogrn: str):
        return tables.companies.insert().values(
            id=uuid.uuid4(), full_name="ООО Тест", short_name="Тест", ogrn=ogrn
        )

    assert await violated(connection, company("12345")) == "ck_companies_ogrn_format"
    ogrn = f"{uuid.uuid4().int % 10**13:013d}"
    await connection.execute(company(ogrn))
    assert await violated(connection, company(ogrn)) == "uq_companies_ogrn"
