"""The events of the account, session and operator use cases: exactly the documented event per
change, with its diff, by the caller (nobody for a login failure or the operator's tools), none
for a refused call or a change that changes nothing, and never a password or its hash."""

from __future__ import annotations

from typing import Any

import pytest

from application.caller import Caller
from application.errors import (
    AccessDenied,
    AccountBlocked,
    AlreadyExists,
    InvalidCredentials,
    NotFound,
    PreconditionFailed,
)
from application.events.views import encode_body
from application.users.change_own_password import ChangeOwnPasswordRequest
from application.users.deactivate_user import DeactivateUserRequest
from application.users.update_user import UpdateUserRequest
from application.users.views import UserView
from domain.errors import InvalidInput, RuleConflict
from domain.events.event import Event
from domain.identity.role import Role
from tests.support.events import changes_of, events_of
from tests.unit.application import test_add_company_user as operators
from tests.unit.application import test_sessions as sessions
from tests.unit.application import test_users as users

NEW_PASSWORD = "a-new-secret-1"


@pytest.fixture
def world() -> users.World:
    return users.World()


@pytest.fixture
async def admin(world: users.World) -> Caller:
    return await world.company()


@pytest.fixture
def session_world() -> sessions.World:
    return sessions.World()


@pytest.fixture
def operator_world() -> operators.World:
    return operators.World()


def types(store) -> list[str]:
    return [event.type for event in events_of(store)]


def assert_no_secrets(store) -> None:
    """No event names a password or holds a hash (or a password) anywhere in its changes."""
    secrets = {user.password_hash for user in store.users.values()}
    secrets |= {users.PASSWORD, NEW_PASSWORD, "long-enough-password", "wrong-password", "$2b$"}
    for event in events_of(store):
        for change in event.changes:
            assert "password" not in change.field and "hash" not in change.field
        stored = encode_body(event).decode()
        assert "password_hash" not in stored
        assert not any(secret in stored for secret in secrets), event
        assert not any(secret in repr(event.changes) for secret in secrets), event


def only_event(store, before: int) -> Event:
    [event] = events_of(store)[before:]
    return event


async def create(world: users.World, admin: Caller, **changes: Any) -> UserView:
    return await world.attempt(world.create_user().execute(admin, users.new_user(**changes)))


async def update(world: users.World, admin: Caller, user_id, **changes: Any) -> UserView:
    request = UpdateUserRequest(user_id=user_id, **changes)
    return await world.attempt(world.update_user().execute(admin, request))


# --- CreateUser ---------------------------------------------------------------------------------


async def test_a_created_user_records_its_state_without_the_password(world, admin):
    view = await create(world, admin, middle_name="Ивановна")

    event = only_event(world.store, 0)
    assert (event.type, event.entity.type, event.entity.id) == ("user.created", "user", view.id)
    assert event.actor_id == admin.user_id and event.company_id == admin.company_id
    assert event.occurred_at == world.clock.now()
    assert changes_of(event) == {
        "username": (None, "olga.s"),
        "role": (None, "recruiter"),
        "first_name": (None, "Olga"),
        "last_name": (None, "Sidorova"),
        "email": (None, "olga@example.com"),
        "middle_name": (None, "Ивановна"),
        "is_active": (None, True),
        "is_blocked": (None, False),
        "failed_login_count": (None, 0),
    }
    assert_no_secrets(world.store)


async def test_a_refused_create_records_nothing(world, admin):
    await create(world, admin)
    with pytest.raises(AlreadyExists):
        await create(world, admin, email="other@example.com")
    with pytest.raises(InvalidInput):
        await create(world, admin, username="no spaces!", password="short")
    recruiter = await world.member(admin, Role.RECRUITER)
    with pytest.raises(AccessDenied):
        await create(world, recruiter, username="someone.else")
    assert types(world.store) == ["user.created"]


# --- UpdateUser ---------------------------------------------------------------------------------


async def test_an_update_records_the_fields_that_changed(world, admin):
    created = await create(world, admin)
    before = len(events_of(world.store))

    await update(
        world, admin, created.id, first_name="Olga", last_name="Ivanova", role_code="manager"
    )

    event = only_event(world.store, before)
    assert (event.type, event.entity.id, event.actor_id) == (
        "user.updated",
        created.id,
        admin.user_id,
    )
    assert changes_of(event) == {
        "role": ("recruiter", "manager"),
        "last_name": ("Sidorova", "Ivanova"),
    }


async def test_a_new_password_alone_records_only_that_the_password_changed(world, admin):
    created = await create(world, admin)
    before = len(events_of(world.store))

    await update(world, admin, created.id, password=NEW_PASSWORD)

    event = only_event(world.store, before)
    assert (event.type, event.entity.id, event.actor_id) == (
        "user.password_changed",
        created.id,
        admin.user_id,
    )
    assert event.changes == ()
    assert_no_secrets(world.store)


async def test_a_new_password_with_other_fields_records_both_events(world, admin):
    created = await create(world, admin)
    before = len(events_of(world.store))

    await update(world, admin, created.id, password=NEW_PASSWORD, email="new@example.com")

    updated, password = events_of(world.store)[before:]
    assert (updated.type, password.type) == ("user.updated", "user.password_changed")
    assert changes_of(updated) == {"email": ("olga@example.com", "new@example.com")}
    assert password.changes == ()
    assert {updated.actor_id, password.actor_id} == {admin.user_id}
    assert_no_secrets(world.store)


async def test_an_update_that_changes_nothing_records_nothing(world, admin):
    created = await create(world, admin)
    await update(world, admin, created.id, first_name="Olga", email="OLGA@example.com")
    await update(world, admin, created.id)
    assert types(world.store) == ["user.created"]


async def test_a_refused_update_records_nothing(world, admin):
    created = await create(world, admin)
    taken = await create(world, admin, username="taken", email="taken@example.com")
    with pytest.raises(PreconditionFailed):
        await update(world, admin, created.id, expected_version=7, first_name="Anna")
    with pytest.raises(AlreadyExists):
        await update(world, admin, created.id, username=taken.username)
    with pytest.raises(InvalidInput):
        await update(world, admin, created.id, first_name="Anna", password="short")
    with pytest.raises(RuleConflict):
        await update(world, admin, admin.user_id, role_code="employee")
    other_admin = await world.company()
    with pytest.raises(NotFound):
        await update(world, other_admin, created.id, first_name="Anna", password=NEW_PASSWORD)
    assert types(world.store) == ["user.created", "user.created"]


# --- DeactivateUser -----------------------------------------------------------------------------


async def test_deactivating_records_is_active_once(world, admin):
    created = await create(world, admin)
    request = DeactivateUserRequest(created.id)
    await world.attempt(world.deactivate_user().execute(admin, request))
    await world.attempt(world.deactivate_user().execute(admin, request))  # no change

    event = only_event(world.store, 1)
    assert (event.type, event.entity.id, event.actor_id) == (
        "user.deactivated",
        created.id,
        admin.user_id,
    )
    assert changes_of(event) == {"is_active": (True, False)}


async def test_a_refused_deactivation_records_nothing(world, admin):
    created = await create(world, admin)
    with pytest.raises(RuleConflict):
        await world.attempt(
            world.deactivate_user().execute(admin, DeactivateUserRequest(admin.user_id))
        )
    with pytest.raises(PreconditionFailed):
        await world.attempt(
            world.deactivate_user().execute(admin, DeactivateUserRequest(created.id, 7))
        )
    other_admin = await world.company()
    with pytest.raises(NotFound):
        await world.attempt(
            world.deactivate_user().execute(other_admin, DeactivateUserRequest(created.id))
        )
    assert types(world.store) == ["user.created"]


# --- UnblockUser --------------------------------------------------------------------------------


async def test_unblocking_records_the_lifted_block_and_the_reset_count(world, admin):
    user = await world.add_user(admin.company_id, Role.RECRUITER, "locked")
    for _ in range(5):
        user.record_failed_login(world.clock.now())

    await world.attempt(world.unblock_user().execute(admin, user.id))
    await world.attempt(world.unblock_user().execute(admin, user.id))  # nothing left to lift

    event = only_event(world.store, 0)
    assert (event.type, event.entity.id, event.actor_id) == (
        "user.unblocked",
        user.id,
        admin.user_id,
    )
    assert changes_of(event) == {"is_blocked": (True, False), "failed_login_count": (5, 0)}


async def test_unblocking_a_user_who_is_not_blocked_records_nothing(world, admin):
    created = await create(world, admin)
    await world.attempt(world.unblock_user().execute(admin, created.id))
    other_admin = await world.company()
    theirs = await world.add_user(other_admin.company_id, Role.EMPLOYEE, "theirs", is_blocked=True)
    with pytest.raises(NotFound):
        await world.attempt(world.unblock_user().execute(admin, theirs.id))
    assert types(world.store) == ["user.created"]


# --- ChangeOwnPassword --------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
async def test_changing_ones_own_password_records_only_that_it_changed(world, admin, role):
    caller = admin if role is Role.ADMIN else await world.member(admin, role)
    request = ChangeOwnPasswordRequest(users.PASSWORD, NEW_PASSWORD)
    await world.attempt(world.change_own_password().execute(caller, request))

    event = only_event(world.store, 0)
    assert (event.type, event.entity.type, event.entity.id) == (
        "user.password_changed",
        "user",
        caller.user_id,
    )
    assert event.actor_id == caller.user_id and event.company_id == caller.company_id
    assert event.changes == ()
    assert_no_secrets(world.store)


@pytest.mark.parametrize(
    ("old", "new"),
    [("wrong-password", NEW_PASSWORD), (users.PASSWORD, "short"), (users.PASSWORD, users.PASSWORD)],
)
async def test_a_refused_password_change_records_nothing(world, admin, old, new):
    with pytest.raises(InvalidInput):
        await world.attempt(
            world.change_own_password().execute(admin, ChangeOwnPasswordRequest(old, new))
        )
    assert events_of(world.store) == []


# --- Login, LogoutEverywhere --------------------------------------------------------------------


async def test_a_wrong_password_records_a_failed_login_by_nobody(session_world):
    company = await session_world.create_company()
    before = len(events_of(session_world.store))

    with pytest.raises(InvalidCredentials):
        await session_world.login("admin", "wrong-password")

    event = only_event(session_world.store, before)
    assert (event.type, event.entity.type, event.entity.id) == (
        "user.login_failed",
        "user",
        company.admin_id,
    )
    assert event.actor_id is None and event.company_id == company.company_id
    assert changes_of(event) == {"failed_login_count": (0, 1)}
    assert_no_secrets(session_world.store)


async def test_the_fifth_wrong_password_records_the_failure_and_the_block(session_world):
    company = await session_world.create_company()
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await session_world.login("admin", "wrong-password")
    before = len(events_of(session_world.store))

    with pytest.raises(AccountBlocked):
        await session_world.login("admin", "wrong-password")

    failed, blocked = events_of(session_world.store)[before:]
    assert failed.type == "user.login_failed"
    assert changes_of(failed)["failed_login_count"] == (4, 5)
    assert blocked.type == "user.blocked"
    assert changes_of(blocked) == {"is_blocked": (False, True)}
    for event in (failed, blocked):
        assert event.entity.id == company.admin_id
        assert event.actor_id is None and event.company_id == company.company_id

    # Blocked: even the right password changes nothing more, so it records nothing.
    with pytest.raises(AccountBlocked):
        await session_world.login("admin", sessions.PASSWORD)
    assert len(events_of(session_world.store)) == before + 2
    assert types(session_world.store).count("user.login_failed") == 5
    assert_no_secrets(session_world.store)


async def test_a_successful_or_unknown_or_refused_login_records_nothing(session_world):
    company = await session_world.create_company()
    before = types(session_world.store)

    tokens = await session_world.login("admin")
    with pytest.raises(InvalidCredentials):
        await session_world.login("nobody", "wrong-password")
    await session_world.refresh(tokens.refresh_token)
    await session_world.logout(tokens.refresh_token)
    session_world.user(company.admin_id).is_active = False
    with pytest.raises(InvalidCredentials):
        await session_world.login("admin", "wrong-password")

    assert types(session_world.store) == before


async def test_logout_everywhere_records_the_signed_out_user(session_world):
    company = await session_world.create_company()
    user = await session_world.add_user(company.company_id, "ivan")
    caller = Caller(user_id=user.id, company_id=company.company_id, role=user.role)
    await session_world.login("ivan")
    before = len(events_of(session_world.store))

    await session_world.logout_everywhere(caller)

    event = only_event(session_world.store, before)
    assert (event.type, event.entity.type, event.entity.id) == (
        "user.signed_out_everywhere",
        "user",
        user.id,
    )
    assert event.actor_id == user.id and event.company_id == company.company_id
    assert event.changes == ()


# --- the operator's tools: CreateCompany, AddCompanyUser ----------------------------------------


async def test_create_company_records_the_company_and_its_admin_by_nobody(session_world):
    created = await session_world.create_company()

    event, admin = events_of(session_world.store)
    assert (admin.type, admin.entity.id, admin.actor_id) == ("user.created", created.admin_id, None)
    assert changes_of(admin)["role"] == (None, "admin")
    assert (event.type, event.entity.type, event.entity.id) == (
        "company.created",
        "company",
        created.company_id,
    )
    assert event.actor_id is None and event.company_id == created.company_id
    assert changes_of(event) == {
        "full_name": (None, "ООО Ромашка"),
        "short_name": (None, "Ромашка"),
        "ogrn": (None, "1027700132195"),
    }
    assert_no_secrets(session_world.store)


async def test_a_refused_create_company_records_nothing(session_world):
    await session_world.create_company()
    with pytest.raises(AlreadyExists):
        await session_world.create_company(ogrn="1000000000000", admin_username="admin")
    await session_world.uow.rollback()  # as closing the failed command would
    with pytest.raises(InvalidInput):
        await session_world.create_company(full_name="", admin_password="short")
    await session_world.uow.rollback()
    assert types(session_world.store) == ["company.created", "user.created"]


async def test_an_operator_added_user_is_recorded_by_nobody(operator_world):
    company_id = operator_world.company(operators.OGRN)

    view = await operator_world.add_user(operators.OGRN)

    event = only_event(operator_world.store, 0)
    assert (event.type, event.entity.type, event.entity.id) == ("user.created", "user", view.id)
    assert event.actor_id is None and event.company_id == company_id
    assert changes_of(event)["username"] == (None, "olga.s")
    assert changes_of(event)["role"] == (None, "recruiter")
    assert_no_secrets(operator_world.store)


async def test_a_refused_operator_added_user_records_nothing(operator_world):
    operator_world.company(operators.OGRN)
    await operator_world.add_user(operators.OGRN)
    with pytest.raises(NotFound):
        await operator_world.add_user(operators.OTHER_OGRN)
    with pytest.raises(AlreadyExists):
        await operator_world.add_user(operators.OGRN, email="other@example.com")
    with pytest.raises(InvalidInput):
        await operator_world.add_user(operators.OGRN, username="x y", password="short")
    assert types(operator_world.store) == ["user.created"]
