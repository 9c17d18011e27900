"""AddCompanyUser (the operator's way to open an account) on the in-memory adapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from adapters.memory.identity import InMemoryCompanyRepository, InMemoryUserRepository
from adapters.memory.org_lookup import InMemoryOrgUnitLookup
from adapters.memory.queries import InMemoryUserQueries
from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from adapters.security.bcrypt_hasher import BcryptPasswordHasher
from application.companies.add_company_user import AddCompanyUser
from application.errors import AlreadyExists, NotFound
from application.users.create_user import CreateUserRequest
from application.users.views import UserView
from domain.errors import InvalidInput
from domain.identity.company import Company
from domain.identity.role import Role
from domain.identity.user import User
from tests.support.events import recorder
from tests.support.fakes import FixedClock, SequentialIdGenerator

OGRN = "1027700132195"
OTHER_OGRN = "1027739609391"


@dataclass
class World:
    store: InMemoryStore = field(default_factory=InMemoryStore)
    clock: FixedClock = field(default_factory=FixedClock)
    ids: SequentialIdGenerator = field(default_factory=SequentialIdGenerator)
    hasher: BcryptPasswordHasher = field(default_factory=lambda: BcryptPasswordHasher(rounds=4))
    uow: InMemoryUnitOfWork | None = None

    def company(self, ogrn: str) -> UUID:
        company = Company.register(self.ids.new_id(), "ООО Ромашка", "Ромашка", ogrn, self.now)
        self.store.companies[company.id] = company
        return company.id

    @property
    def now(self) -> Any:
        return self.clock.now()

    async def add_user(self, ogrn: str, **changes: Any) -> UserView:
        values: dict[str, Any] = {
            "username": "olga.s",
            "password": "long-enough-password",
            "role_code": "recruiter",
            "first_name": "Olga",
            "last_name": "Sidorova",
            "email": "olga@example.com",
        }
        values.update(changes)
        self.uow = InMemoryUnitOfWork(self.store)
        use_case = AddCompanyUser(
            InMemoryCompanyRepository(self.store),
            InMemoryUserRepository(self.store),
            InMemoryUserQueries(self.store),
            InMemoryOrgUnitLookup(self.store),
            self.hasher,
            self.clock,
            self.ids,
            recorder(self.store, self.clock, self.ids),
            self.uow,
        )
        try:
            return await use_case.execute(ogrn, CreateUserRequest(**values))
        except Exception:
            await self.uow.rollback()
            raise

    @property
    def committed(self) -> bool:
        return self.uow is not None and self.uow.committed


@pytest.fixture
def world() -> World:
    return World()


async def test_the_operator_opens_an_account_in_the_company_named_by_its_ogrn(world):
    company_id = world.company(OGRN)
    world.company(OTHER_OGRN)
    world.clock.advance(timedelta(minutes=5))

    view = await world.add_user(
        f" {OGRN} ", username="olga.s", email="Olga@Example.com", middle_name="Ивановна"
    )

    assert world.committed
    assert view.username == "olga.s"
    assert view.role_code == "recruiter"
    assert view.email == "olga@example.com"
    assert view.middle_name == "Ивановна"
    assert view.created_at == world.now
    stored: User = world.store.users[view.id]
    assert stored.company_id == company_id
    assert stored.role is Role.RECRUITER
    assert await world.hasher.verify("long-enough-password", stored.password_hash)


@pytest.mark.parametrize(
    ("ogrn", "message"),
    [
        ("102770013219", "OGRN is exactly 13 digits"),
        ("10277001321x5", "OGRN is exactly 13 digits"),
        ("1027700132194", "OGRN check digit does not match"),
    ],
)
async def test_a_malformed_company_ogrn_is_refused_by_field(world, ogrn, message):
    world.company(OGRN)
    with pytest.raises(InvalidInput) as error:
        await world.add_user(ogrn)
    assert [(p.field, p.message) for p in error.value.problems] == [("company_ogrn", message)]
    assert not world.store.users


async def test_an_unknown_company_is_not_found(world):
    world.company(OGRN)
    with pytest.raises(NotFound, match=OTHER_OGRN):
        await world.add_user(OTHER_OGRN)
    assert not world.store.users and not world.committed


async def test_the_account_rules_are_create_users_every_problem_at_once(world):
    world.company(OGRN)
    with pytest.raises(InvalidInput) as error:
        await world.add_user(
            OGRN, username="no spaces!", password="short", role_code="boss", email="nope"
        )
    assert {p.field for p in error.value.problems} == {
        "username",
        "password",
        "role_code",
        "email",
    }
    assert not world.store.users and not world.committed


async def test_a_taken_username_is_refused_even_in_another_company(world):
    world.company(OGRN)
    world.company(OTHER_OGRN)
    first = await world.add_user(OGRN)
    with pytest.raises(AlreadyExists):
        await world.add_user(OTHER_OGRN, username="olga.s", email="other@example.com")
    assert set(world.store.users) == {first.id}
