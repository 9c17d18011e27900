"""The identity repositories on the migrated PostgreSQL schema. Each test works in one
transaction that is never committed, so nothing it writes outlives it."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
import pytest_asyncio

from adapters.postgres.engine import create_engine
from adapters.postgres.identity import (
    SqlaCompanyRepository,
    SqlaRefreshSessionRepository,
    SqlaUserRepository,
)
from adapters.postgres.session import PgSession
from application.errors import AlreadyExists, PreconditionFailed
from domain.errors import InvalidInput
from domain.identity.company import Company
from domain.identity.refresh_session import RefreshSession
from domain.identity.role import Role
from domain.identity.user import User

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def random_ogrn() -> str:
    base = "1" + "".join(secrets.choice("0123456789") for _ in range(11))
    return base + str(int(base) % 11 % 10)


@pytest_asyncio.fixture(loop_scope="session")
async def session(migrated_database_url: str) -> AsyncIterator[PgSession]:
    engine = create_engine(migrated_database_url, pool_size=2, timeout_seconds=5)
    pg = PgSession(engine)
    try:
        yield pg
    finally:
        await pg.close()  # rolls back
        await engine.dispose()


async def add_company(session: PgSession) -> Company:
    company = Company.register(uuid4(), "ООО Ромашка", "Ромашка", random_ogrn(), NOW)
    await SqlaCompanyRepository(session).add(company)
    return company


def make_user(company_id: UUID, **changes: object) -> User:
    values: dict[str, object] = {
        "id": uuid4(),
        "company_id": company_id,
        "username": f"user-{secrets.token_hex(4)}",
        "password_hash": "$2b$04$" + "a" * 53,
        "role": Role.MANAGER,
        "first_name": "Иван",
        "last_name": "Петров",
        "email": "ivan@example.com",
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(changes)
    return User(**values)  # type: ignore[arg-type]


def make_session(user: User, family_id: UUID | None = None) -> RefreshSession:
    return RefreshSession(
        id=uuid4(),
        company_id=user.company_id,
        user_id=user.id,
        family_id=family_id or uuid4(),
        token_hash=secrets.token_hex(32),
        created_at=NOW,
        expires_at=NOW + timedelta(days=1),
    )


# --- companies -----------------------------------------------------------------------------------


async def test_a_company_is_stored_and_its_ogrn_is_unique(session):
    companies = SqlaCompanyRepository(session)
    company = await add_company(session)
    assert await companies.exists_any()
    twin = Company.register(uuid4(), "Другая", "Другая", company.ogrn, NOW)
    with pytest.raises(AlreadyExists, match="OGRN"):
        await companies.add(twin)


# --- users ---------------------------------------------------------------------------------------


async def test_a_user_round_trips_every_field(session):
    company = await add_company(session)
    users = SqlaUserRepository(session)
    user = make_user(
        company.id,
        middle_name="Сергеевич",
        is_blocked=True,
        failed_login_count=5,
        must_change_password=True,
        logged_in_at=NOW + timedelta(minutes=3),
        role=Role.CUSTOMER,
        version=4,
    )
    await users.add(user)
    assert await users.get(company.id, user.id) == user
    assert await users.get(company.id, user.id, for_update=True) == user
    assert await users.find_by_username(user.username) == user


async def test_a_user_of_another_company_is_not_found(session):
    mine = await add_company(session)
    theirs = await add_company(session)
    users = SqlaUserRepository(session)
    user = make_user(mine.id)
    await users.add(user)
    assert await users.get(theirs.id, user.id) is None
    assert await users.get(mine.id, uuid4()) is None
    assert await users.find_by_username("nobody-" + secrets.token_hex(4)) is None


async def test_save_checks_the_version_and_bumps_it(session):
    company = await add_company(session)
    users = SqlaUserRepository(session)
    user = make_user(company.id)
    await users.add(user)

    loaded = await users.get(company.id, user.id, for_update=True)
    assert loaded is not None
    loaded.record_failed_login(NOW + timedelta(minutes=1))
    await users.save(loaded, expected_version=1)
    stored = await users.get(company.id, user.id)
    assert stored is not None
    assert (stored.version, stored.failed_login_count) == (2, 1)
    assert stored.updated_at == NOW + timedelta(minutes=1)

    # A writer still holding version 1 lost the race.
    stale = await users.get(company.id, user.id)
    assert stale is not None
    stale.record_login(NOW)
    with pytest.raises(PreconditionFailed):
        await users.save(stale, expected_version=1)
    still = await users.get(company.id, user.id)
    assert still is not None and still.failed_login_count == 1 and still.version == 2


async def test_save_never_touches_a_row_of_another_company(session):
    mine = await add_company(session)
    theirs = await add_company(session)
    users = SqlaUserRepository(session)
    user = make_user(mine.id)
    await users.add(user)
    hijack = make_user(theirs.id, id=user.id, username=user.username, is_blocked=True)
    with pytest.raises(PreconditionFailed):
        await users.save(hijack, expected_version=1)
    stored = await users.get(mine.id, user.id)
    assert stored is not None and not stored.is_blocked


async def test_usernames_are_unique_across_companies(session):
    users = SqlaUserRepository(session)
    first = make_user((await add_company(session)).id)
    await users.add(first)
    twin = make_user((await add_company(session)).id, username=first.username)
    with pytest.raises(AlreadyExists, match="username is taken"):
        await users.add(twin)


async def test_usernames_are_found_case_insensitively(session):
    users = SqlaUserRepository(session)
    user = make_user((await add_company(session)).id)
    await users.add(user)
    found = await users.find_by_username(user.username.upper())
    assert found is not None and found.id == user.id


async def test_a_username_differing_only_in_case_cannot_be_stored(session):
    users = SqlaUserRepository(session)
    user = make_user((await add_company(session)).id)
    await users.add(user)
    twin = make_user(user.company_id, username=user.username.upper())
    with pytest.raises((AlreadyExists, InvalidInput)):
        await users.add(twin)


# --- refresh sessions ----------------------------------------------------------------------------


async def test_a_refresh_session_is_found_by_its_hash_and_saved(session):
    company = await add_company(session)
    user = make_user(company.id)
    await SqlaUserRepository(session).add(user)
    sessions = SqlaRefreshSessionRepository(session)
    refresh = make_session(user)
    await sessions.add(refresh)

    assert await sessions.find_by_token_hash(refresh.token_hash) == refresh
    assert await sessions.find_by_token_hash(refresh.token_hash, for_update=True) == refresh
    assert await sessions.find_by_token_hash(secrets.token_hex(32)) is None

    refresh.mark_used(NOW + timedelta(minutes=5))
    await sessions.save(refresh)
    stored = await sessions.find_by_token_hash(refresh.token_hash)
    assert stored is not None and stored.used_at == NOW + timedelta(minutes=5)
    assert stored.is_replay()


async def test_a_token_hash_is_unique(session):
    company = await add_company(session)
    user = make_user(company.id)
    await SqlaUserRepository(session).add(user)
    sessions = SqlaRefreshSessionRepository(session)
    first = make_session(user)
    await sessions.add(first)
    twin = make_session(user)
    twin.token_hash = first.token_hash
    with pytest.raises(AlreadyExists):
        await sessions.add(twin)


async def test_revoke_family_revokes_that_family_only_and_keeps_earlier_revocations(session):
    company = await add_company(session)
    user = make_user(company.id)
    await SqlaUserRepository(session).add(user)
    sessions = SqlaRefreshSessionRepository(session)
    family = uuid4()
    old, new = make_session(user, family), make_session(user, family)
    old.revoke(NOW)
    other = make_session(user)
    for refresh in (old, new, other):
        await sessions.add(refresh)

    # Another company cannot reach this family.
    await sessions.revoke_family(uuid4(), family, NOW + timedelta(hours=1))
    assert (await sessions.find_by_token_hash(new.token_hash)).revoked_at is None  # type: ignore[union-attr]

    later = NOW + timedelta(hours=2)
    await sessions.revoke_family(company.id, family, later)
    assert (await sessions.find_by_token_hash(old.token_hash)).revoked_at == NOW  # type: ignore[union-attr]
    assert (await sessions.find_by_token_hash(new.token_hash)).revoked_at == later  # type: ignore[union-attr]
    assert (await sessions.find_by_token_hash(other.token_hash)).revoked_at is None  # type: ignore[union-attr]


async def test_revoke_all_of_user_revokes_every_family_of_that_user_only(session):
    company = await add_company(session)
    users = SqlaUserRepository(session)
    alice, bob = make_user(company.id), make_user(company.id)
    await users.add(alice)
    await users.add(bob)
    sessions = SqlaRefreshSessionRepository(session)
    alices = [make_session(alice), make_session(alice)]
    bobs = make_session(bob)
    for refresh in (*alices, bobs):
        await sessions.add(refresh)

    await sessions.revoke_all_of_user(uuid4(), alice.id, NOW)
    assert (await sessions.find_by_token_hash(alices[0].token_hash)).revoked_at is None  # type: ignore[union-attr]

    await sessions.revoke_all_of_user(company.id, alice.id, NOW)
    for refresh in alices:
        assert (await sessions.find_by_token_hash(refresh.token_hash)).revoked_at == NOW  # type: ignore[union-attr]
    assert (await sessions.find_by_token_hash(bobs.token_hash)).revoked_at is None  # type: ignore[union-attr]


async def test_nothing_is_kept_without_a_commit(migrated_database_url):
    engine = create_engine(migrated_database_url, pool_size=1)
    try:
        first = PgSession(engine)
        company = await add_company(first)
        user = make_user(company.id)
        await SqlaUserRepository(first).add(user)
        await first.close()
        second = PgSession(engine)
        assert await SqlaUserRepository(second).get(company.id, user.id) is None
        await second.close()
    finally:
        await engine.dispose()
