"""The session use cases on the in-memory adapters, with the real hasher, codec and limiter."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from adapters.memory.identity import (
    InMemoryAccountStatuses,
    InMemoryCompanyRepository,
    InMemoryRefreshSessionRepository,
    InMemoryUserRepository,
)
from adapters.memory.login_rate_limiter import SlidingWindowLoginRateLimiter
from adapters.memory.queries import InMemoryUserQueries
from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from adapters.security.bcrypt_hasher import BcryptPasswordHasher
from adapters.security.jwt_codec import JwtAccessTokenCodec
from adapters.security.refresh_tokens import RandomRefreshTokenFactory
from application.caller import Caller
from application.companies.create_company import (
    CreateCompany,
    CreateCompanyRequest,
    CreatedCompany,
)
from application.errors import (
    AccountBlocked,
    AlreadyExists,
    ExpiredToken,
    InvalidCredentials,
    InvalidToken,
    TooManyRequests,
)
from application.events.recorder import EventRecorder
from application.sessions.authenticate import Authenticate
from application.sessions.issuer import IssuedTokens, SessionPolicy, TokenIssuer
from application.sessions.login import Login, LoginRequest
from application.sessions.logout import Logout
from application.sessions.logout_everywhere import LogoutEverywhere
from application.sessions.refresh import RefreshSessionTokens
from application.users.get_current_user import GetCurrentUser
from domain.errors import InvalidInput
from domain.identity.role import Role
from domain.identity.user import User
from tests.support.events import recorder
from tests.support.fakes import FixedClock, SequentialIdGenerator

PASSWORD = "correct-horse-battery"
ADDRESS = "203.0.113.7"
SECRET = "unit-test-secret-" + "x" * 32
ACCESS_TTL = timedelta(minutes=15)
REFRESH_TTL = timedelta(days=1)


class CountingHasher:
    """The real bcrypt hasher, counting which of its methods the use case called."""

    def __init__(self) -> None:
        self._real = BcryptPasswordHasher(rounds=4)
        self.calls: list[str] = []

    async def hash(self, password: str) -> str:
        return await self._real.hash(password)

    async def verify(self, password: str, password_hash: str) -> bool:
        self.calls.append("verify")
        return await self._real.verify(password, password_hash)

    async def waste_time(self, password: str) -> None:
        self.calls.append("waste_time")
        await self._real.waste_time(password)


@dataclass
class World:
    """One in-memory database and the process-wide adapters; each use case call gets a fresh
    unit of work, as each HTTP request would."""

    store: InMemoryStore = field(default_factory=InMemoryStore)
    clock: FixedClock = field(default_factory=FixedClock)
    ids: SequentialIdGenerator = field(default_factory=SequentialIdGenerator)
    hasher: CountingHasher = field(default_factory=CountingHasher)
    codec: JwtAccessTokenCodec = field(default_factory=lambda: JwtAccessTokenCodec(SECRET))
    refresh_tokens: RandomRefreshTokenFactory = field(default_factory=RandomRefreshTokenFactory)
    limiter: SlidingWindowLoginRateLimiter = field(
        default_factory=lambda: SlidingWindowLoginRateLimiter(10)
    )
    uow: InMemoryUnitOfWork | None = None

    def new_uow(self) -> InMemoryUnitOfWork:
        self.uow = InMemoryUnitOfWork(self.store)
        return self.uow

    @property
    def committed(self) -> bool:
        assert self.uow is not None
        return self.uow.committed

    def events(self) -> EventRecorder:
        return recorder(self.store, self.clock, self.ids)

    def users(self) -> InMemoryUserRepository:
        return InMemoryUserRepository(self.store)

    def sessions(self) -> InMemoryRefreshSessionRepository:
        return InMemoryRefreshSessionRepository(self.store)

    def issuer(self) -> TokenIssuer:
        return TokenIssuer(
            SessionPolicy(access_token_ttl=ACCESS_TTL, refresh_token_ttl=REFRESH_TTL),
            self.codec,
            self.refresh_tokens,
            self.sessions(),
            self.ids,
        )

    async def create_company(self, **changes: object) -> CreatedCompany:
        values: dict[str, object] = {
            "full_name": "ООО Ромашка",
            "short_name": "Ромашка",
            "ogrn": "1027700132195",
            "admin_username": "admin",
            "admin_password": PASSWORD,
            "admin_email": "admin@example.com",
        }
        values.update(changes)
        use_case = CreateCompany(
            InMemoryCompanyRepository(self.store),
            self.users(),
            self.hasher,
            self.clock,
            self.ids,
            self.events(),
            self.new_uow(),
        )
        return await use_case.execute(CreateCompanyRequest(**values))  # type: ignore[arg-type]

    async def add_user(self, company_id: UUID, username: str, role: Role = Role.RECRUITER) -> User:
        now = self.clock.now()
        user = User(
            id=self.ids.new_id(),
            company_id=company_id,
            username=username,
            password_hash=await self.hasher.hash(PASSWORD),
            role=role,
            first_name="Ivan",
            last_name="Petrov",
            email=f"{username}@example.com",
            created_at=now,
            updated_at=now,
        )
        self.store.users[user.id] = user
        return user

    async def login(
        self, username: str, password: str = PASSWORD, address: str = ADDRESS
    ) -> IssuedTokens:
        use_case = Login(
            self.users(),
            self.hasher,
            self.limiter,
            self.issuer(),
            InMemoryAccountStatuses(self.store),
            self.clock,
            self.ids,
            self.events(),
            self.new_uow(),
        )
        return await use_case.execute(LoginRequest(username, password, address))

    async def refresh(self, refresh_token: str | None) -> IssuedTokens:
        use_case = RefreshSessionTokens(
            self.sessions(),
            self.users(),
            self.refresh_tokens,
            self.issuer(),
            self.clock,
            self.new_uow(),
        )
        return await use_case.execute(refresh_token)

    async def logout(self, refresh_token: str | None) -> None:
        use_case = Logout(self.sessions(), self.refresh_tokens, self.clock, self.new_uow())
        await use_case.execute(refresh_token)

    async def logout_everywhere(self, caller: Caller) -> None:
        use_case = LogoutEverywhere(self.sessions(), self.clock, self.events(), self.new_uow())
        await use_case.execute(caller)

    async def authenticate(self, access_token: str | None) -> Caller:
        statuses = InMemoryAccountStatuses(self.store)
        return await Authenticate(self.codec, statuses, self.clock).execute(access_token)

    def user(self, user_id: UUID) -> User:
        return self.store.users[user_id]

    def session_of(self, refresh_token: str):
        digest = self.refresh_tokens.digest(refresh_token)
        [session] = [s for s in self.store.refresh_sessions.values() if s.token_hash == digest]
        return session


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
async def company(world: World) -> CreatedCompany:
    return await world.create_company()


# --- CreateCompany -------------------------------------------------------------------------------


async def test_create_company_registers_the_tenant_and_its_admin_atomically(world):
    created = await world.create_company(admin_username="boss", admin_email="Boss@Example.com")
    assert world.committed
    assert set(world.store.companies) == {created.company_id}
    admin = world.user(created.admin_id)
    assert admin.company_id == created.company_id
    assert admin.username == "boss"
    assert admin.email == "boss@example.com"
    assert admin.role is Role.ADMIN
    assert admin.password_hash.startswith("$2b$04$")
    assert PASSWORD not in admin.password_hash
    assert not admin.must_change_password
    assert admin.created_at == world.clock.now()


async def test_create_company_reports_every_problem_and_keeps_nothing(world):
    with pytest.raises(InvalidInput) as error:
        await world.create_company(
            full_name="",
            ogrn="1027700132194",
            admin_username="x",
            admin_email="nope",
            admin_password="short",
        )
    fields = {problem.field for problem in error.value.problems}
    assert fields == {"full_name", "ogrn", "admin_username", "admin_email", "admin_password"}
    assert not world.committed
    assert not world.store.companies and not world.store.users


async def test_a_temporary_bootstrap_password_may_be_short_but_must_be_changed(world):
    created = await world.create_company(admin_password="admin", admin_password_is_temporary=True)
    assert world.user(created.admin_id).must_change_password
    tokens = await world.login("admin", "admin")
    assert tokens.user_id == created.admin_id


async def test_a_taken_username_refuses_the_second_company(world, company):
    with pytest.raises(AlreadyExists):
        await world.create_company(ogrn="1000000000000", admin_username="admin")
    assert not world.committed
    assert len(world.store.companies) == 1


# --- Login ---------------------------------------------------------------------------------------


async def test_the_right_password_opens_a_session(world, company):
    world.user(company.admin_id).failed_login_count = 3
    tokens = await world.login("admin")
    assert world.committed
    assert tokens.user_id == company.admin_id
    assert tokens.role_code == "admin"
    assert tokens.access_expires_at == world.clock.now() + ACCESS_TTL
    assert tokens.refresh_expires_at == world.clock.now() + REFRESH_TTL

    claims = world.codec.decode(tokens.access_token, world.clock.now())
    assert (claims.user_id, claims.company_id, claims.role) == (
        company.admin_id,
        company.company_id,
        Role.ADMIN,
    )
    admin = world.user(company.admin_id)
    assert admin.failed_login_count == 0
    assert admin.logged_in_at == world.clock.now()

    session = world.session_of(tokens.refresh_token)
    assert session.token_hash == hashlib.sha256(tokens.refresh_token.encode()).hexdigest()
    assert session.user_id == company.admin_id and session.company_id == company.company_id
    assert session.used_at is None and session.revoked_at is None
    # Only the hash is kept.
    assert all(tokens.refresh_token not in repr(s) for s in world.store.refresh_sessions.values())


async def test_the_username_is_matched_trimmed_and_case_insensitively(world, company):
    tokens = await world.login("  ADMIN ")
    assert tokens.user_id == company.admin_id


async def test_a_wrong_password_counts_a_failure_and_keeps_it(world, company):
    with pytest.raises(InvalidCredentials):
        await world.login("admin", "wrong-password")
    assert world.committed
    admin = world.user(company.admin_id)
    assert admin.failed_login_count == 1
    assert not admin.is_blocked
    assert admin.logged_in_at is None
    assert not world.store.refresh_sessions


async def test_an_unknown_username_costs_a_verify_and_changes_nothing(world, company):
    world.hasher.calls.clear()
    with pytest.raises(InvalidCredentials) as unknown:
        await world.login("nobody", PASSWORD)
    assert world.hasher.calls == ["waste_time"]
    assert not world.committed
    with pytest.raises(InvalidCredentials) as wrong:
        await world.login("admin", "wrong-password")
    assert str(unknown.value) == str(wrong.value)  # nothing tells the two apart


async def test_the_fifth_failure_blocks_and_the_right_password_then_fails_too(world, company):
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await world.login("admin", "wrong-password")
    with pytest.raises(AccountBlocked):
        await world.login("admin", "wrong-password")
    assert world.committed
    assert world.user(company.admin_id).is_blocked

    with pytest.raises(AccountBlocked):
        await world.login("admin", PASSWORD)
    assert not world.committed
    assert not world.store.refresh_sessions
    assert world.user(company.admin_id).failed_login_count == 5


async def test_a_success_resets_the_failure_count(world, company):
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await world.login("admin", "wrong-password")
    await world.login("admin")
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            await world.login("admin", "wrong-password")
    admin = world.user(company.admin_id)
    assert not admin.is_blocked
    assert admin.failed_login_count == 4


async def test_a_deactivated_user_cannot_log_in(world, company):
    world.user(company.admin_id).is_active = False
    with pytest.raises(InvalidCredentials):
        await world.login("admin")
    assert not world.committed
    assert not world.store.refresh_sessions


async def test_login_is_rate_limited_per_address_and_username(world, company):
    world.limiter = SlidingWindowLoginRateLimiter(3)
    await world.add_user(company.company_id, "ivan")
    for _ in range(3):
        with pytest.raises(InvalidCredentials):
            await world.login("admin", "wrong-password")
    with pytest.raises(TooManyRequests) as error:
        await world.login("Admin", PASSWORD)
    assert error.value.retry_after_seconds == 60
    assert not world.committed
    assert world.user(company.admin_id).failed_login_count == 3  # refused before counting

    # The same office's other users and the same user elsewhere are not locked out.
    await world.login("ivan")
    await world.login("admin", address="198.51.100.1")

    world.clock.advance(seconds=20)
    with pytest.raises(TooManyRequests) as error:
        await world.login("admin")
    assert error.value.retry_after_seconds == 40
    world.clock.advance(seconds=40)
    tokens = await world.login("admin")
    assert tokens.user_id == company.admin_id


# --- RefreshSessionTokens ------------------------------------------------------------------------


async def test_refresh_rotates_the_refresh_token(world, company):
    first = await world.login("admin")
    world.clock.advance(minutes=10)
    second = await world.refresh(first.refresh_token)
    assert world.committed
    assert second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    assert second.user_id == company.admin_id
    assert second.access_expires_at == world.clock.now() + ACCESS_TTL
    assert world.session_of(first.refresh_token).used_at == world.clock.now()
    assert world.session_of(second.refresh_token).family_id == (
        world.session_of(first.refresh_token).family_id
    )
    third = await world.refresh(second.refresh_token)
    assert world.codec.decode(third.access_token, world.clock.now()).user_id == company.admin_id


async def test_replaying_a_rotated_token_revokes_the_whole_family(world, company):
    other = await world.login("admin")  # another device, another family
    first = await world.login("admin")
    second = await world.refresh(first.refresh_token)

    world.clock.advance(seconds=5)
    with pytest.raises(InvalidToken, match="reused"):
        await world.refresh(first.refresh_token)
    assert world.committed  # the revocation is kept even though the request fails
    assert world.session_of(second.refresh_token).revoked_at == world.clock.now()
    with pytest.raises(InvalidToken):
        await world.refresh(second.refresh_token)

    assert world.session_of(other.refresh_token).revoked_at is None
    await world.refresh(other.refresh_token)


@pytest.mark.parametrize("token", [None, "", "not-a-token-we-issued"])
async def test_a_missing_or_unknown_refresh_token_is_refused(world, company, token):
    with pytest.raises(InvalidToken):
        await world.refresh(token)
    assert not world.committed


async def test_an_expired_refresh_token_is_refused(world, company):
    tokens = await world.login("admin")
    world.clock.advance(REFRESH_TTL)
    with pytest.raises(InvalidToken, match="expired"):
        await world.refresh(tokens.refresh_token)
    assert not world.committed


@pytest.mark.parametrize("change", ["block", "deactivate", "delete"])
async def test_a_user_who_may_no_longer_sign_in_loses_the_session_at_refresh(
    world, company, change
):
    tokens = await world.login("admin")
    admin = world.user(company.admin_id)
    if change == "block":
        admin.is_blocked = True
    elif change == "deactivate":
        admin.is_active = False
    else:
        del world.store.users[admin.id]
    with pytest.raises(InvalidToken):
        await world.refresh(tokens.refresh_token)
    assert world.committed
    assert world.session_of(tokens.refresh_token).revoked_at == world.clock.now()


async def test_a_role_change_reaches_the_next_access_token(world, company):
    user = await world.add_user(company.company_id, "ivan", Role.RECRUITER)
    tokens = await world.login("ivan")
    world.user(user.id).role = Role.MANAGER
    refreshed = await world.refresh(tokens.refresh_token)
    assert refreshed.role_code == "manager"
    assert world.codec.decode(refreshed.access_token, world.clock.now()).role is Role.MANAGER


# --- Logout and LogoutEverywhere -----------------------------------------------------------------


async def test_logout_ends_the_family_of_the_token(world, company):
    other = await world.login("admin")
    first = await world.login("admin")
    second = await world.refresh(first.refresh_token)
    await world.logout(second.refresh_token)
    assert world.committed
    with pytest.raises(InvalidToken):
        await world.refresh(second.refresh_token)
    await world.refresh(other.refresh_token)


@pytest.mark.parametrize("token", [None, "", "unknown-token"])
async def test_logout_without_a_known_token_is_quietly_nothing(world, company, token):
    await world.logout(token)
    assert not world.committed


async def test_logout_twice_is_fine(world, company):
    tokens = await world.login("admin")
    await world.logout(tokens.refresh_token)
    await world.logout(tokens.refresh_token)
    with pytest.raises(InvalidToken):
        await world.refresh(tokens.refresh_token)


async def test_logout_everywhere_revokes_every_family_of_the_caller_only(world, company):
    ivan = await world.add_user(company.company_id, "ivan")
    laptop = await world.login("admin")
    phone = await world.login("admin")
    phone = await world.refresh(phone.refresh_token)
    ivans = await world.login("ivan")

    caller = await world.authenticate(laptop.access_token)
    await world.logout_everywhere(caller)
    assert world.committed
    for tokens in (laptop, phone):
        with pytest.raises(InvalidToken):
            await world.refresh(tokens.refresh_token)
    assert (await world.refresh(ivans.refresh_token)).user_id == ivan.id


async def test_logout_everywhere_is_scoped_to_the_callers_company(world, company):
    tokens = await world.login("admin")
    stranger = Caller(user_id=company.admin_id, company_id=uuid4(), role=Role.ADMIN)
    await world.logout_everywhere(stranger)
    await world.refresh(tokens.refresh_token)


# --- Authenticate and GetCurrentUser -------------------------------------------------------------


async def test_authenticate_turns_a_live_access_token_into_the_caller(world, company):
    tokens = await world.login("admin")
    caller = await world.authenticate(tokens.access_token)
    assert caller == Caller(
        user_id=company.admin_id, company_id=company.company_id, role=Role.ADMIN
    )


@pytest.mark.parametrize("token", [None, "", "garbage", "a.b.c"])
async def test_authenticate_refuses_no_token_and_garbage(world, token):
    with pytest.raises(InvalidToken):
        await world.authenticate(token)


async def test_an_access_token_expires_by_the_clock(world, company):
    tokens = await world.login("admin")
    world.clock.advance(ACCESS_TTL - timedelta(seconds=1))
    await world.authenticate(tokens.access_token)
    world.clock.advance(seconds=1)
    with pytest.raises(ExpiredToken):
        await world.authenticate(tokens.access_token)
    # The refresh token outlives it: the client refreshes and carries on.
    refreshed = await world.refresh(tokens.refresh_token)
    assert (await world.authenticate(refreshed.access_token)).user_id == company.admin_id


async def test_the_stored_role_not_the_tokens_is_the_callers(world, company):
    tokens = await world.login("admin")
    world.user(company.admin_id).role = Role.EMPLOYEE
    assert (await world.authenticate(tokens.access_token)).role is Role.EMPLOYEE


@pytest.mark.parametrize("change", ["deactivated", "blocked", "gone"])
async def test_a_live_token_of_an_account_that_may_no_longer_act_is_refused(world, company, change):
    tokens = await world.login("admin")
    if change == "deactivated":
        world.user(company.admin_id).is_active = False
    elif change == "blocked":
        world.user(company.admin_id).is_blocked = True
    else:
        del world.store.users[company.admin_id]
    with pytest.raises(InvalidToken):
        await world.authenticate(tokens.access_token)


async def test_an_access_token_of_another_secret_is_refused(world, company):
    tokens = await world.login("admin")
    world.codec = JwtAccessTokenCodec("another-secret-" + "y" * 32)
    with pytest.raises(InvalidToken):
        await world.authenticate(tokens.access_token)


async def test_the_current_user_says_whether_the_password_must_change(world):
    created = await world.create_company(admin_password="admin", admin_password_is_temporary=True)
    tokens = await world.login("admin", "admin")
    view = await GetCurrentUser(InMemoryUserQueries(world.store)).execute(
        await world.authenticate(tokens.access_token)
    )
    assert view.id == created.admin_id
    assert view.username == "admin"
    assert view.role_code == "admin"
    assert view.must_change_password is True
    assert view.logged_in_at == world.clock.now()
    assert view.department is None
    assert not hasattr(view, "password_hash")


async def test_the_current_user_gone_means_the_token_is_no_good(world, company):
    caller = Caller(user_id=uuid4(), company_id=company.company_id, role=Role.ADMIN)
    with pytest.raises(InvalidToken):
        await GetCurrentUser(InMemoryUserQueries(world.store)).execute(caller)
    stranger = Caller(user_id=company.admin_id, company_id=uuid4(), role=Role.ADMIN)
    with pytest.raises(InvalidToken):
        await GetCurrentUser(InMemoryUserQueries(world.store)).execute(stranger)
