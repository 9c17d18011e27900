"""The user-account use cases on the in-memory adapters, with the real (fast) bcrypt hasher."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar
from uuid import UUID, uuid4

import pytest

from adapters.memory.identity import (
    InMemoryAccountStatuses,
    InMemoryRefreshSessionRepository,
    InMemoryUserRepository,
)
from adapters.memory.login_rate_limiter import SlidingWindowLoginRateLimiter
from adapters.memory.org_lookup import InMemoryOrgUnitLookup
from adapters.memory.queries import InMemoryUserQueries
from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from adapters.security.bcrypt_hasher import BcryptPasswordHasher
from application.caller import Caller
from application.errors import (
    AccessDenied,
    AlreadyExists,
    InvalidToken,
    NotFound,
    PreconditionFailed,
    TooManyRequests,
)
from application.users.change_own_password import ChangeOwnPassword, ChangeOwnPasswordRequest
from application.users.create_user import CreateUser, CreateUserRequest
from application.users.deactivate_user import DeactivateUser, DeactivateUserRequest
from application.users.get_user import GetUser
from application.users.list_colleagues import ListColleagues
from application.users.list_users import ListUsers, ListUsersRequest
from application.users.unblock_user import UnblockUser
from application.users.update_user import UpdateUser, UpdateUserRequest
from application.users.views import UserView
from application.views import NamedRef
from domain.errors import InvalidInput, RuleConflict
from domain.identity.refresh_session import RefreshSession
from domain.identity.role import Role
from domain.identity.user import User
from domain.organisation.org_unit import OrgKind, OrgUnit
from tests.support.events import recorder
from tests.support.fakes import FixedClock, SequentialIdGenerator

PASSWORD = "correct-horse-battery"
T = TypeVar("T")


def fields_of(error: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {problem.field: problem.message for problem in error.value.problems}


@dataclass
class World:
    """One in-memory database; each use case gets a fresh unit of work, as a request would,
    and `attempt` rolls it back when the use case fails, as closing the request would."""

    store: InMemoryStore = field(default_factory=InMemoryStore)
    clock: FixedClock = field(default_factory=FixedClock)
    ids: SequentialIdGenerator = field(default_factory=SequentialIdGenerator)
    hasher: BcryptPasswordHasher = field(default_factory=lambda: BcryptPasswordHasher(rounds=4))
    limiter: SlidingWindowLoginRateLimiter = field(
        default_factory=lambda: SlidingWindowLoginRateLimiter(10)
    )
    uow: InMemoryUnitOfWork | None = None

    def _new_uow(self) -> InMemoryUnitOfWork:
        self.uow = InMemoryUnitOfWork(self.store)
        return self.uow

    @property
    def committed(self) -> bool:
        assert self.uow is not None
        return self.uow.committed

    async def attempt(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except Exception:
            if self.uow is not None:  # read-only use cases have none
                await self.uow.rollback()
            raise

    # --- the use cases, wired to the memory adapters ------------------------------------------

    def list_users(self) -> ListUsers:
        self.uow = None
        return ListUsers(InMemoryUserQueries(self.store))

    def list_colleagues(self) -> ListColleagues:
        self.uow = None
        return ListColleagues(InMemoryUserQueries(self.store))

    def get_user(self) -> GetUser:
        self.uow = None
        return GetUser(InMemoryUserQueries(self.store))

    def create_user(self) -> CreateUser:
        return CreateUser(
            InMemoryUserRepository(self.store),
            InMemoryUserQueries(self.store),
            InMemoryOrgUnitLookup(self.store),
            self.hasher,
            self.clock,
            self.ids,
            recorder(self.store, self.clock, self.ids),
            self._new_uow(),
        )

    def update_user(self) -> UpdateUser:
        return UpdateUser(
            InMemoryUserRepository(self.store),
            InMemoryUserQueries(self.store),
            InMemoryOrgUnitLookup(self.store),
            self.hasher,
            InMemoryRefreshSessionRepository(self.store),
            InMemoryAccountStatuses(self.store),
            self.clock,
            recorder(self.store, self.clock, self.ids),
            self._new_uow(),
        )

    def unblock_user(self) -> UnblockUser:
        return UnblockUser(
            InMemoryUserRepository(self.store),
            InMemoryUserQueries(self.store),
            InMemoryAccountStatuses(self.store),
            self.clock,
            recorder(self.store, self.clock, self.ids),
            self._new_uow(),
        )

    def deactivate_user(self) -> DeactivateUser:
        return DeactivateUser(
            InMemoryUserRepository(self.store),
            InMemoryRefreshSessionRepository(self.store),
            InMemoryAccountStatuses(self.store),
            self.clock,
            recorder(self.store, self.clock, self.ids),
            self._new_uow(),
        )

    def change_own_password(self) -> ChangeOwnPassword:
        return ChangeOwnPassword(
            InMemoryUserRepository(self.store),
            self.hasher,
            self.limiter,
            self.clock,
            recorder(self.store, self.clock, self.ids),
            self._new_uow(),
        )

    # --- data ---------------------------------------------------------------------------------

    async def company(self) -> Caller:
        """A new company with one administrator (stored directly); returns the admin as caller."""
        company_id = uuid4()
        admin = await self.add_user(company_id, Role.ADMIN, f"admin-{company_id.hex[:8]}")
        return Caller(user_id=admin.id, company_id=company_id, role=Role.ADMIN)

    async def add_user(self, company_id: UUID, role: Role, username: str, **changes: Any) -> User:
        now = self.clock.now()
        values: dict[str, Any] = {
            "id": self.ids.new_id(),
            "company_id": company_id,
            "username": username,
            "password_hash": await self.hasher.hash(PASSWORD),
            "role": role,
            "first_name": "Test",
            "last_name": "User",
            "email": f"{username}@example.com",
            "created_at": now,
            "updated_at": now,
        }
        values.update(changes)
        user = User(**values)
        self.store.users[user.id] = user
        return user

    async def member(self, admin: Caller, role: Role) -> Caller:
        user = await self.add_user(admin.company_id, role, f"{role.value}-{self.ids.new_id().int}")
        return Caller(user_id=user.id, company_id=admin.company_id, role=role)

    def unit(self, company_id: UUID, kind: OrgKind, name: str) -> UUID:
        unit_id = self.ids.new_id()
        table = {"department": "departments", "position": "positions", "grade": "grades"}
        self.store.table(table[kind.value])[unit_id] = OrgUnit.create(
            unit_id, company_id, kind, name, self.clock.now()
        )
        return unit_id

    def add_session(self, user: User | UUID, company_id: UUID) -> RefreshSession:
        user_id = user if isinstance(user, UUID) else user.id
        now = self.clock.now()
        session = RefreshSession(
            id=self.ids.new_id(),
            company_id=company_id,
            user_id=user_id,
            family_id=self.ids.new_id(),
            token_hash=uuid4().hex,
            created_at=now,
            expires_at=now + timedelta(days=1),
        )
        self.store.refresh_sessions[session.id] = session
        return session

    def stored(self, user_id: UUID) -> User:
        return self.store.users[user_id]


def new_user(**changes: Any) -> CreateUserRequest:
    values: dict[str, Any] = {
        "username": "olga.s",
        "password": "long-enough-password",
        "role_code": "recruiter",
        "first_name": "Olga",
        "last_name": "Sidorova",
        "email": "olga@example.com",
    }
    values.update(changes)
    return CreateUserRequest(**values)


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
async def admin(world: World) -> Caller:
    return await world.company()


async def create(world: World, admin: Caller, **changes: Any) -> UserView:
    return await world.attempt(world.create_user().execute(admin, new_user(**changes)))


async def update(world: World, admin: Caller, user_id: UUID, **changes: Any) -> UserView:
    request = UpdateUserRequest(user_id=user_id, **changes)
    return await world.attempt(world.update_user().execute(admin, request))


# --- CreateUser ---------------------------------------------------------------------------------


async def test_an_admin_creates_a_user_normalised_with_its_organisation(world, admin):
    department = world.unit(admin.company_id, OrgKind.DEPARTMENT, "Engineering")
    position = world.unit(admin.company_id, OrgKind.POSITION, "Developer")
    grade = world.unit(admin.company_id, OrgKind.GRADE, "Senior")

    view = await create(
        world,
        admin,
        username="olga.s",
        email=" Olga@Example.COM ",
        first_name=" Olga ",
        middle_name="  ",
        department_id=department,
        position_id=position,
        grade_id=grade,
    )

    assert world.committed
    assert view.username == "olga.s"
    assert view.email == "olga@example.com"
    assert view.first_name == "Olga" and view.last_name == "Sidorova"
    assert view.middle_name is None
    assert view.role_code == "recruiter"
    assert view.department == NamedRef(department, "Engineering")
    assert view.position == NamedRef(position, "Developer")
    assert view.grade == NamedRef(grade, "Senior")
    assert view.is_active and not view.is_blocked and not view.must_change_password
    assert view.version == 1
    assert view.created_at == view.updated_at == world.clock.now()
    assert view.logged_in_at is None
    stored = world.stored(view.id)
    assert stored.company_id == admin.company_id
    assert stored.password_hash.startswith("$2b$")
    assert await world.hasher.verify("long-enough-password", stored.password_hash)


async def test_create_reports_every_problem_at_once_and_stores_nothing(world, admin):
    before = set(world.store.users)
    with pytest.raises(InvalidInput) as error:
        await create(
            world,
            admin,
            username="no spaces!",
            password="short",
            role_code="boss",
            first_name="   ",
            last_name="x" * 101,
            middle_name="m" * 101,
            email="not-an-email",
        )
    assert set(fields_of(error)) == {
        "username",
        "password",
        "role_code",
        "first_name",
        "last_name",
        "middle_name",
        "email",
    }
    assert "admin, employee, manager, recruiter, customer" in fields_of(error)["role_code"]
    assert set(world.store.users) == before
    assert not world.committed


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "ab"}, "username"),
        ({"username": "a" * 65}, "username"),
        ({"username": "Ольга"}, "username"),
        ({"password": "1234567"}, "password"),
        ({"password": "я" * 37}, "password"),  # 74 bytes: more than bcrypt reads
        ({"email": "a@b"}, "email"),
        ({"email": "a\x00@example.com"}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"last_name": "bad\x00name"}, "last_name"),
        ({"first_name": "x" * 101}, "first_name"),
    ],
)
async def test_create_refuses_each_bad_value_on_its_field(world, admin, changes, field):
    with pytest.raises(InvalidInput) as error:
        await create(world, admin, **changes)
    assert list(fields_of(error)) == [field]


async def test_the_boundaries_of_each_rule_are_accepted(world, admin):
    view = await create(
        world,
        admin,
        username="a.b",
        password="12345678",
        first_name="x" * 100,
        last_name="Ё",
        email="a@b.co",
    )
    assert view.username == "a.b" and view.first_name == "x" * 100
    longest = await create(world, admin, username="z" * 64, email="z@example.com")
    assert longest.username == "z" * 64


async def test_a_username_is_unique_across_companies(world, admin):
    await create(world, admin, username="olga")
    other_admin = await world.company()
    count = len(world.store.users)
    with pytest.raises(AlreadyExists, match="olga"):
        await create(world, other_admin, username="olga", email="other@example.com")
    assert len(world.store.users) == count
    assert not world.committed


@pytest.mark.parametrize("kind", list(OrgKind))
async def test_references_must_be_of_the_callers_company(world, admin, kind):
    other_admin = await world.company()
    foreign = world.unit(other_admin.company_id, kind, "Theirs")
    count = len(world.store.users)
    for unit_id in (foreign, uuid4()):
        with pytest.raises(InvalidInput) as error:
            await create(world, admin, **{f"{kind.value}_id": unit_id})
        assert fields_of(error) == {f"{kind.value}_id": f"no such {kind.value} in your company"}
    assert len(world.store.users) == count


# --- role refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
async def test_only_admins_manage_users(world, admin, role):
    caller = await world.member(admin, role)
    target = await world.add_user(admin.company_id, Role.EMPLOYEE, "target", is_blocked=True)
    before = world.store.snapshot().users

    attempts = [
        lambda: world.list_users().execute(caller, ListUsersRequest()),
        lambda: world.get_user().execute(caller, target.id),
        lambda: world.create_user().execute(caller, new_user()),
        lambda: world.update_user().execute(
            caller, UpdateUserRequest(user_id=target.id, first_name="Hacked")
        ),
        lambda: world.update_user().execute(
            caller, UpdateUserRequest(user_id=caller.user_id, role_code="admin")
        ),
        lambda: world.unblock_user().execute(caller, target.id),
        lambda: world.deactivate_user().execute(caller, DeactivateUserRequest(target.id)),
    ]
    for attempt in attempts:
        with pytest.raises(AccessDenied):
            await world.attempt(attempt())
        assert world.uow is None or not world.committed
    assert world.store.users == before


# --- GetUser ------------------------------------------------------------------------------------


async def test_an_admin_reads_a_user_of_their_company_only(world, admin):
    created = await create(world, admin)
    assert await world.get_user().execute(admin, created.id) == created
    other_admin = await world.company()
    with pytest.raises(NotFound):
        await world.get_user().execute(other_admin, created.id)
    with pytest.raises(NotFound):
        await world.get_user().execute(admin, uuid4())


# --- ListUsers ----------------------------------------------------------------------------------


async def _directory(world: World, admin: Caller) -> dict[str, UUID]:
    """Five users of the admin's company, created a minute apart, plus one elsewhere."""
    sales = world.unit(admin.company_id, OrgKind.DEPARTMENT, "Sales")
    people = {}
    for username, last, first, middle, role, department in [
        ("zoe", "Adams", "Zoe", None, "recruiter", sales),
        ("ivan", "Petrov", "Ivan", "Sergeevich", "manager", None),
        ("anna_k", "Kuznetsova", "Anna", None, "recruiter", sales),
        ("boris", "Borisov", "Boris", "Ivanovich", "customer", None),
        ("petr", "Petrov", "Petr", None, "employee", None),
    ]:
        world.clock.advance(minutes=1)
        view = await create(
            world,
            admin,
            username=username,
            last_name=last,
            first_name=first,
            middle_name=middle,
            role_code=role,
            department_id=department,
            email=f"{username}@corp.example",
        )
        people[username] = view.id
    people["sales"] = sales
    other_admin = await world.company()
    await create(world, other_admin, username="petrov-elsewhere", last_name="Petrov")
    return people


async def _usernames(world: World, admin: Caller, **criteria: Any) -> tuple[list[str], int]:
    result = await world.list_users().execute(admin, ListUsersRequest(**criteria))
    return [user.username for user in result.items], result.count


async def test_the_list_is_the_companys_own_by_creation_by_default(world, admin):
    await _directory(world, admin)
    names, count = await _usernames(world, admin)
    admin_name = world.stored(admin.user_id).username
    assert names == [admin_name, "zoe", "ivan", "anna_k", "boris", "petr"]
    assert count == 6
    names, _ = await _usernames(world, admin, sort="-created_at")
    assert names == ["petr", "boris", "anna_k", "ivan", "zoe", admin_name]


async def test_the_list_sorts_by_last_name_with_ties_by_id(world, admin):
    people = await _directory(world, admin)
    names, _ = await _usernames(world, admin, sort="last_name", q="corp.example")
    assert names == ["zoe", "boris", "anna_k", "ivan", "petr"]
    assert people["ivan"] < people["petr"]
    names, _ = await _usernames(world, admin, sort="-last_name", q="corp.example")
    assert names == ["petr", "ivan", "anna_k", "boris", "zoe"]


async def test_the_list_filters_by_role_department_and_text(world, admin):
    people = await _directory(world, admin)
    assert await _usernames(world, admin, role_code="recruiter") == (["zoe", "anna_k"], 2)
    assert await _usernames(world, admin, department_id=people["sales"]) == (["zoe", "anna_k"], 2)
    assert await _usernames(
        world, admin, role_code="recruiter", department_id=people["sales"], q="ANNA"
    ) == (["anna_k"], 1)
    assert await _usernames(world, admin, q="petrov") == (["ivan", "petr"], 2)  # last name
    assert await _usernames(world, admin, q="  BORIS ") == (["boris"], 1)  # first name, trimmed
    assert await _usernames(world, admin, q="sergeev") == (["ivan"], 1)  # middle name
    assert await _usernames(world, admin, q="anna_k@corp") == (["anna_k"], 1)  # email
    assert await _usernames(world, admin, q="_k") == (["anna_k"], 1)  # `_` is no wildcard
    assert await _usernames(world, admin, q="%") == ([], 0)
    assert await _usernames(world, admin, department_id=uuid4()) == ([], 0)


async def test_the_list_pages_with_the_total_count(world, admin):
    await _directory(world, admin)
    assert await _usernames(world, admin, limit=2, offset=1) == (["zoe", "ivan"], 6)
    assert await _usernames(world, admin, limit=200, offset=5) == (["petr"], 6)
    assert await _usernames(world, admin, offset=6) == ([], 6)
    assert await _usernames(world, admin, offset=1000) == ([], 6)


@pytest.mark.parametrize(
    ("criteria", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "username"}, "sort"),
        ({"sort": "--last_name"}, "sort"),
        ({"role_code": "boss"}, "role_code"),
        ({"q": "x" * 201}, "q"),
        ({"q": "a\x00b"}, "q"),
    ],
)
async def test_bad_list_criteria_are_refused_on_their_field(world, admin, criteria, field):
    with pytest.raises(InvalidInput) as error:
        await world.list_users().execute(admin, ListUsersRequest(**criteria))
    assert list(fields_of(error)) == [field]


# --- UpdateUser ---------------------------------------------------------------------------------


async def test_a_patch_changes_only_what_it_sends(world, admin):
    department = world.unit(admin.company_id, OrgKind.DEPARTMENT, "Sales")
    created = await create(world, admin, middle_name="Petrovna", department_id=department)
    password_hash = world.stored(created.id).password_hash
    world.clock.advance(minutes=5)

    view = await update(world, admin, created.id, first_name=" Olya ", role_code="manager")

    assert world.committed
    assert view.first_name == "Olya" and view.role_code == "manager"
    assert view.middle_name == "Petrovna"
    assert view.department == NamedRef(department, "Sales")
    assert (view.username, view.email, view.last_name) == (
        created.username,
        created.email,
        created.last_name,
    )
    assert view.version == created.version + 1
    assert view.updated_at == world.clock.now() and view.created_at == created.created_at
    assert world.stored(created.id).password_hash == password_hash


async def test_null_clears_the_nullable_fields(world, admin):
    created = await create(
        world,
        admin,
        middle_name="Petrovna",
        department_id=world.unit(admin.company_id, OrgKind.DEPARTMENT, "D"),
        position_id=world.unit(admin.company_id, OrgKind.POSITION, "P"),
        grade_id=world.unit(admin.company_id, OrgKind.GRADE, "G"),
    )
    view = await update(
        world,
        admin,
        created.id,
        middle_name=None,
        department_id=None,
        position_id=None,
        grade_id=None,
    )
    assert (view.middle_name, view.department, view.position, view.grade) == (None,) * 4
    assert view.version == 2


async def test_null_is_refused_for_required_fields(world, admin):
    created = await create(world, admin)
    with pytest.raises(InvalidInput) as error:
        await update(world, admin, created.id, first_name=None, email=None, username=None)
    assert set(fields_of(error)) == {"first_name", "email", "username"}
    assert world.stored(created.id).first_name == "Olga"


async def test_sending_what_is_stored_changes_nothing(world, admin):
    created = await create(world, admin)
    view = await update(
        world, admin, created.id, first_name="Olga", role_code="recruiter", username="olga.s"
    )
    assert view == created


async def test_a_stale_version_changes_nothing(world, admin):
    created = await create(world, admin)
    await update(world, admin, created.id, first_name="First", expected_version=1)
    with pytest.raises(PreconditionFailed):
        await update(world, admin, created.id, first_name="Second", expected_version=1)
    stored = world.stored(created.id)
    assert (stored.first_name, stored.version) == ("First", 2)
    assert not world.committed


async def test_a_new_password_is_hashed_and_ends_the_users_sessions(world, admin):
    created = await create(world, admin)
    mine = world.add_session(created.id, admin.company_id)
    someone_elses = world.add_session(admin.user_id, admin.company_id)

    view = await update(world, admin, created.id, password="brand-new-password")

    stored = world.stored(created.id)
    assert await world.hasher.verify("brand-new-password", stored.password_hash)
    assert not await world.hasher.verify("long-enough-password", stored.password_hash)
    assert view.version == 2 and not view.must_change_password
    assert world.store.refresh_sessions[mine.id].revoked_at == world.clock.now()
    assert world.store.refresh_sessions[someone_elses.id].revoked_at is None


async def test_a_new_role_ends_the_users_sessions_and_an_unchanged_one_does_not(world, admin):
    created = await create(world, admin)
    session = world.add_session(created.id, admin.company_id)
    await update(world, admin, created.id, role_code="recruiter", first_name="Same-role")
    assert world.store.refresh_sessions[session.id].revoked_at is None
    await update(world, admin, created.id, role_code="employee")
    assert world.stored(created.id).role.value == "employee"
    assert world.store.refresh_sessions[session.id].revoked_at == world.clock.now()


async def test_a_new_password_must_follow_the_policy(world, admin):
    created = await create(world, admin)
    with pytest.raises(InvalidInput) as error:
        await update(world, admin, created.id, password="short")
    assert list(fields_of(error)) == ["password"]


async def test_an_admin_cannot_change_their_own_role(world, admin):
    before = world.stored(admin.user_id).version
    with pytest.raises(RuleConflict, match="own role"):
        await update(world, admin, admin.user_id, role_code="employee")
    assert world.stored(admin.user_id).role is Role.ADMIN
    assert world.stored(admin.user_id).version == before
    view = await update(world, admin, admin.user_id, role_code="admin", first_name="Me")
    assert view.first_name == "Me" and view.role_code == "admin"


async def test_an_admin_may_demote_another_admin(world, admin):
    other = await world.add_user(admin.company_id, Role.ADMIN, "second-admin")
    view = await update(world, admin, other.id, role_code="employee")
    assert view.role_code == "employee"


async def test_a_username_taken_by_someone_else_is_refused(world, admin):
    first = await create(world, admin, username="first")
    second = await create(world, admin, username="second", email="second@example.com")
    with pytest.raises(AlreadyExists):
        await update(world, admin, second.id, username="first")
    assert world.stored(second.id).username == "second"
    view = await update(world, admin, first.id, username="renamed")
    assert view.username == "renamed"


async def test_another_companys_user_or_department_is_out_of_reach(world, admin):
    other_admin = await world.company()
    theirs = await create(world, other_admin, username="theirs")
    with pytest.raises(NotFound):
        await update(world, admin, theirs.id, first_name="Hacked")
    assert world.stored(theirs.id).first_name == "Olga"

    mine = await create(world, admin, username="mine", email="mine@example.com")
    foreign = world.unit(other_admin.company_id, OrgKind.DEPARTMENT, "Theirs")
    with pytest.raises(InvalidInput) as error:
        await update(world, admin, mine.id, department_id=foreign)
    assert fields_of(error) == {"department_id": "no such department in your company"}
    assert world.stored(mine.id).department_id is None


# --- UnblockUser --------------------------------------------------------------------------------


async def test_unblock_lifts_the_lockout(world, admin):
    user = await world.add_user(admin.company_id, Role.RECRUITER, "locked")
    for _ in range(5):
        user.record_failed_login(world.clock.now())
    assert user.is_blocked
    version = user.version

    view = await world.attempt(world.unblock_user().execute(admin, user.id))

    assert world.committed
    assert not view.is_blocked and view.version == version + 1
    assert world.stored(user.id).failed_login_count == 0


async def test_unblocking_a_user_who_is_not_blocked_changes_nothing(world, admin):
    created = await create(world, admin)
    view = await world.attempt(world.unblock_user().execute(admin, created.id))
    assert view == created


async def test_unblock_does_not_reach_another_company(world, admin):
    other_admin = await world.company()
    theirs = await world.add_user(other_admin.company_id, Role.EMPLOYEE, "theirs", is_blocked=True)
    with pytest.raises(NotFound):
        await world.attempt(world.unblock_user().execute(admin, theirs.id))
    assert world.stored(theirs.id).is_blocked


# --- DeactivateUser -----------------------------------------------------------------------------


async def test_deactivate_ends_every_session_of_the_user(world, admin):
    created = await create(world, admin)
    sessions = [world.add_session(created.id, admin.company_id) for _ in range(2)]
    admins_session = world.add_session(admin.user_id, admin.company_id)

    await world.attempt(
        world.deactivate_user().execute(admin, DeactivateUserRequest(created.id, 1))
    )

    assert world.committed
    stored = world.stored(created.id)
    assert not stored.is_active and stored.version == 2
    assert all(world.store.refresh_sessions[s.id].revoked_at is not None for s in sessions)
    assert world.store.refresh_sessions[admins_session.id].revoked_at is None
    view = await world.get_user().execute(admin, created.id)
    assert not view.is_active  # still readable: authored rows keep pointing at the user


async def test_deactivating_twice_is_harmless(world, admin):
    created = await create(world, admin)
    await world.attempt(world.deactivate_user().execute(admin, DeactivateUserRequest(created.id)))
    await world.attempt(world.deactivate_user().execute(admin, DeactivateUserRequest(created.id)))
    assert world.stored(created.id).version == 2


async def test_an_admin_cannot_deactivate_themselves(world, admin):
    with pytest.raises(RuleConflict, match="your own account"):
        await world.attempt(
            world.deactivate_user().execute(admin, DeactivateUserRequest(admin.user_id))
        )
    assert world.stored(admin.user_id).is_active


async def test_deactivate_honours_the_version_and_the_company(world, admin):
    created = await create(world, admin)
    session = world.add_session(created.id, admin.company_id)
    with pytest.raises(PreconditionFailed):
        await world.attempt(
            world.deactivate_user().execute(admin, DeactivateUserRequest(created.id, 7))
        )
    other_admin = await world.company()
    with pytest.raises(NotFound):
        await world.attempt(
            world.deactivate_user().execute(other_admin, DeactivateUserRequest(created.id))
        )
    assert world.stored(created.id).is_active
    assert world.store.refresh_sessions[session.id].revoked_at is None


# --- ChangeOwnPassword --------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
async def test_every_role_changes_their_own_password(world, admin, role):
    caller = admin if role is Role.ADMIN else await world.member(admin, role)
    world.stored(caller.user_id).must_change_password = True
    version = world.stored(caller.user_id).version

    await world.attempt(
        world.change_own_password().execute(
            caller, ChangeOwnPasswordRequest(PASSWORD, "a-new-secret-1")
        )
    )

    assert world.committed
    stored = world.stored(caller.user_id)
    assert await world.hasher.verify("a-new-secret-1", stored.password_hash)
    assert not stored.must_change_password
    assert stored.version == version + 1


@pytest.mark.parametrize(
    ("old", "new", "fields"),
    [
        ("wrong-password", "a-new-secret-1", {"old_password"}),
        (PASSWORD, "short", {"new_password"}),
        (PASSWORD, PASSWORD, {"new_password"}),
        ("wrong-password", "short", {"old_password", "new_password"}),
    ],
)
async def test_a_bad_password_change_changes_nothing(world, admin, old, new, fields):
    before = world.stored(admin.user_id).password_hash
    with pytest.raises(InvalidInput) as error:
        await world.attempt(
            world.change_own_password().execute(admin, ChangeOwnPasswordRequest(old, new))
        )
    assert set(fields_of(error)) == fields
    assert world.stored(admin.user_id).password_hash == before
    assert world.stored(admin.user_id).failed_login_count == 0  # not a failed login
    assert not world.committed


async def test_password_changes_are_rate_limited(world, admin):
    for _ in range(10):
        with pytest.raises(InvalidInput):
            await world.change_own_password().execute(
                admin, ChangeOwnPasswordRequest("wrong-password", "a-new-secret-1")
            )
    with pytest.raises(TooManyRequests):
        await world.change_own_password().execute(
            admin, ChangeOwnPasswordRequest(PASSWORD, "a-new-secret-1")
        )


async def test_a_deactivated_user_cannot_change_their_password(world, admin):
    caller = await world.member(admin, Role.EMPLOYEE)
    world.stored(caller.user_id).is_active = False
    with pytest.raises(InvalidToken):
        await world.change_own_password().execute(
            caller, ChangeOwnPasswordRequest(PASSWORD, "a-new-secret-1")
        )


async def test_colleagues_are_read_by_every_role_with_the_account_only_for_admins(world, admin):
    people = await _directory(world, admin)
    other_company = await world.company()
    wanted = [people["zoe"], people["boris"], people["zoe"], other_company.user_id, uuid4()]
    for role in Role:
        caller = admin if role is Role.ADMIN else await world.member(admin, role)
        colleagues = await world.list_colleagues().execute(caller, wanted)
        assert {c.id for c in colleagues} == {people["zoe"], people["boris"]}
        zoe = next(c for c in colleagues if c.id == people["zoe"])
        assert zoe.role_code == "recruiter" and zoe.last_name
        if role is Role.ADMIN:
            assert (zoe.username, zoe.email) == ("zoe", "zoe@corp.example")
        else:
            assert (zoe.username, zoe.email) == (None, None)


async def test_colleagues_are_asked_for_at_most_a_page_at_a_time(world, admin):
    assert await world.list_colleagues().execute(admin, []) == []
    with pytest.raises(InvalidInput) as error:
        await world.list_colleagues().execute(admin, [uuid4() for _ in range(201)])
    assert fields_of(error) == {"user_ids": "at most 200"}
