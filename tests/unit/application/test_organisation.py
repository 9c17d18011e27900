"""The organisation use cases on the in-memory adapters: every rule, every role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from adapters.memory.organisation import InMemoryOrgUnitQueries, InMemoryOrgUnitRepository
from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from application.caller import Caller
from application.errors import AccessDenied, AlreadyExists, InUse, NotFound, PreconditionFailed
from application.events.recorder import EventRecorder
from application.organisation.create_org_unit import CreateOrgUnit, CreateOrgUnitRequest
from application.organisation.delete_org_unit import DeleteOrgUnit, DeleteOrgUnitRequest
from application.organisation.get_org_unit import GetOrgUnit, GetOrgUnitRequest
from application.organisation.list_org_units import ListOrgUnits, ListOrgUnitsRequest
from application.organisation.rename_org_unit import RenameOrgUnit, RenameOrgUnitRequest
from application.organisation.views import OrgUnitView
from domain.errors import InvalidInput
from domain.identity.permissions import PERMISSIONS, Action, Resource
from domain.identity.role import Role
from domain.identity.user import User
from domain.organisation.org_unit import OrgKind
from tests.support.events import recorder
from tests.support.fakes import START, FixedClock, SequentialIdGenerator

DEPT = OrgKind.DEPARTMENT
WRITERS = PERMISSIONS[Resource.ORGANISATION][Action.CREATE]
NON_WRITERS = [role for role in Role if role not in WRITERS]


@dataclass
class RecordingSearchIndex:
    """Remembers which units it was told were renamed, and whether the use case's transaction
    was still open then (the refresh belongs to the rename's transaction)."""

    calls: list[tuple[UUID, OrgKind, UUID]] = field(default_factory=list)
    in_open_transaction: list[bool] = field(default_factory=list)
    uow: InMemoryUnitOfWork | None = None

    async def org_unit_renamed(self, company_id: UUID, kind: OrgKind, unit_id: UUID) -> None:
        self.calls.append((company_id, kind, unit_id))
        self.in_open_transaction.append(self.uow is not None and not self.uow.committed)


@dataclass
class World:
    store: InMemoryStore = field(default_factory=InMemoryStore)
    search: RecordingSearchIndex = field(default_factory=RecordingSearchIndex)
    clock: FixedClock = field(default_factory=FixedClock)
    ids: SequentialIdGenerator = field(default_factory=SequentialIdGenerator)
    company_id: UUID = field(default_factory=uuid4)
    last_uow: InMemoryUnitOfWork | None = None

    def caller(self, role: Role = Role.ADMIN, company_id: UUID | None = None) -> Caller:
        return Caller(user_id=uuid4(), company_id=company_id or self.company_id, role=role)

    def events(self) -> EventRecorder:
        return recorder(self.store, self.clock, self.ids)

    def _uow(self) -> InMemoryUnitOfWork:
        self.last_uow = InMemoryUnitOfWork(self.store)
        return self.last_uow

    async def _run(self, call):
        uow = self._uow()
        try:
            return await call(uow)
        except Exception:
            await uow.rollback()
            raise

    async def create(self, name: str, kind: OrgKind = DEPT, caller: Caller | None = None):
        return await self._run(
            lambda uow: CreateOrgUnit(
                InMemoryOrgUnitRepository(self.store), self.clock, self.ids, self.events(), uow
            ).execute(caller or self.caller(), CreateOrgUnitRequest(kind, name))
        )

    async def rename(self, unit_id, name, *, kind=DEPT, version=None, caller=None):
        def run(uow: InMemoryUnitOfWork):
            self.search.uow = uow
            use_case = RenameOrgUnit(
                InMemoryOrgUnitRepository(self.store), self.search, self.clock, self.events(), uow
            )
            return use_case.execute(
                caller or self.caller(), RenameOrgUnitRequest(kind, unit_id, name, version)
            )

        return await self._run(run)

    async def delete(self, unit_id, *, kind=DEPT, version=None, caller=None):
        return await self._run(
            lambda uow: DeleteOrgUnit(
                InMemoryOrgUnitRepository(self.store), self.events(), uow
            ).execute(caller or self.caller(), DeleteOrgUnitRequest(kind, unit_id, version))
        )

    async def get(self, unit_id, *, kind=DEPT, caller=None) -> OrgUnitView:
        return await GetOrgUnit(InMemoryOrgUnitQueries(self.store)).execute(
            caller or self.caller(), GetOrgUnitRequest(kind, unit_id)
        )

    async def list(self, caller=None, **request):
        request.setdefault("kind", DEPT)
        return await ListOrgUnits(InMemoryOrgUnitQueries(self.store)).execute(
            caller or self.caller(), ListOrgUnitsRequest(**request)
        )

    def add_user(self, **links: UUID) -> User:
        user = User(
            id=uuid4(),
            company_id=self.company_id,
            username=f"user-{uuid4().hex[:8]}",
            password_hash="x",
            role=Role.EMPLOYEE,
            first_name="Ivan",
            last_name="Petrov",
            email="ivan@example.com",
            created_at=START,
            updated_at=START,
            **links,
        )
        self.store.users[user.id] = user
        return user


@pytest.fixture
def world() -> World:
    return World()


# --- create ---------------------------------------------------------------------------------


async def test_create_returns_the_full_view_and_commits(world):
    view = await world.create("  Sales ")
    assert view == OrgUnitView(
        id=UUID(int=1), name="Sales", created_at=START, updated_at=START, version=1
    )
    assert world.last_uow.committed
    assert await world.get(view.id) == view


@pytest.mark.parametrize("role", sorted(WRITERS))
async def test_admins_and_managers_create(world, role):
    assert (await world.create("Sales", caller=world.caller(role))).name == "Sales"


@pytest.mark.parametrize("role", NON_WRITERS)
async def test_other_roles_may_not_create_and_nothing_is_stored(world, role):
    with pytest.raises(AccessDenied):
        await world.create("Sales", caller=world.caller(role))
    assert (await world.list()).count == 0


@pytest.mark.parametrize("existing", ["Sales", "SALES", "sales"])
async def test_a_name_taken_case_insensitively_is_refused(world, existing):
    await world.create(existing)
    with pytest.raises(AlreadyExists):
        await world.create(" Sales ")
    assert (await world.list()).count == 1


async def test_names_are_unique_per_kind_and_per_company(world):
    await world.create("Senior", OrgKind.POSITION)
    await world.create("Senior", OrgKind.GRADE)  # another dictionary
    await world.create("Senior", OrgKind.POSITION, caller=world.caller(company_id=uuid4()))
    assert (await world.list(kind=OrgKind.POSITION)).count == 1
    assert (await world.list(kind=OrgKind.GRADE)).count == 1


async def test_an_invalid_name_is_refused_with_its_field_before_anything_is_stored(world):
    with pytest.raises(InvalidInput) as error:
        await world.create("   ")
    assert [p.field for p in error.value.problems] == ["name"]
    assert not world.last_uow.committed


# --- get ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
async def test_every_role_reads_a_unit(world, role):
    created = await world.create("Sales")
    assert await world.get(created.id, caller=world.caller(role)) == created


async def test_another_companys_unit_is_not_found(world):
    created = await world.create("Sales")
    with pytest.raises(NotFound):
        await world.get(created.id, caller=world.caller(company_id=uuid4()))


async def test_a_unit_of_another_kind_is_not_found(world):
    created = await world.create("Sales")
    with pytest.raises(NotFound):
        await world.get(created.id, kind=OrgKind.POSITION)


# --- list -----------------------------------------------------------------------------------


async def test_list_sorts_by_name_case_insensitively_and_counts(world):
    for name in ["beta", "Alpha", "gamma"]:
        world.clock.advance(seconds=1)
        await world.create(name)
    listed = await world.list()
    assert [item.name for item in listed.items] == ["Alpha", "beta", "gamma"]
    assert listed.count == 3
    reversed_ = await world.list(sort="-name")
    assert [item.name for item in reversed_.items] == ["gamma", "beta", "Alpha"]
    by_age = await world.list(sort="created_at")
    assert [item.name for item in by_age.items] == ["beta", "Alpha", "gamma"]
    newest = await world.list(sort="-created_at")
    assert [item.name for item in newest.items] == ["gamma", "Alpha", "beta"]


async def test_q_filters_by_a_case_insensitive_fragment_and_count_follows(world):
    for name in ["Backend", "Frontend", "Sales"]:
        await world.create(name)
    listed = await world.list(q=" END ")
    assert [item.name for item in listed.items] == ["Backend", "Frontend"]
    assert listed.count == 2
    assert (await world.list(q="%")).count == 0  # no wildcards
    assert (await world.list(q="")).count == 3


async def test_pages_carry_the_total_count(world):
    for index in range(5):
        await world.create(f"Unit {index}")
    page = await world.list(limit=2, offset=2)
    assert [item.name for item in page.items] == ["Unit 2", "Unit 3"]
    assert page.count == 5
    past_the_end = await world.list(limit=2, offset=10)
    assert (past_the_end.items, past_the_end.count) == ([], 5)


async def test_list_shows_only_the_callers_company_and_kind(world):
    await world.create("Ours")
    await world.create("Theirs", caller=world.caller(company_id=uuid4()))
    await world.create("A position", OrgKind.POSITION)
    assert [item.name for item in (await world.list()).items] == ["Ours"]


@pytest.mark.parametrize("role", list(Role))
async def test_every_role_lists(world, role):
    await world.create("Sales")
    assert (await world.list(caller=world.caller(role))).count == 1


@pytest.mark.parametrize(
    ("request_", "fields"),
    [
        ({"limit": 0}, ["limit"]),
        ({"limit": 201}, ["limit"]),
        ({"offset": -1}, ["offset"]),
        ({"sort": "id"}, ["sort"]),
        ({"sort": "--name"}, ["sort"]),
        ({"q": "x" * 201}, ["q"]),
        ({"q": "a\x00b"}, ["q"]),
        ({"limit": 0, "sort": "size"}, ["limit", "sort"]),
    ],
)
async def test_bad_list_parameters_are_refused_with_their_fields(world, request_, fields):
    with pytest.raises(InvalidInput) as error:
        await world.list(**request_)
    assert sorted(p.field for p in error.value.problems) == fields


# --- rename ---------------------------------------------------------------------------------


async def test_rename_bumps_the_version_and_commits(world):
    created = await world.create("Sales")
    world.clock.advance(minutes=1)
    renamed = await world.rename(created.id, "Marketing", version=1)
    assert (renamed.name, renamed.version) == ("Marketing", 2)
    assert renamed.updated_at == START + timedelta(minutes=1)
    assert renamed.created_at == START
    assert world.last_uow.committed
    assert await world.get(created.id) == renamed


@pytest.mark.parametrize("kind", list(OrgKind))
async def test_a_rename_refreshes_what_lists_search_in_its_own_transaction(world, kind):
    created = await world.create("Sales", kind)
    await world.rename(created.id, "Marketing", kind=kind)
    assert world.search.calls == [(world.company_id, kind, created.id)]
    assert world.search.in_open_transaction == [True]
    assert world.last_uow.committed


async def test_a_rename_that_changes_nothing_refreshes_nothing(world):
    created = await world.create("Sales")
    await world.create("Marketing")
    await world.rename(created.id, " Sales ")
    await world.rename(created.id, None)
    with pytest.raises(PreconditionFailed):
        await world.rename(created.id, "Support", version=7)
    with pytest.raises(AlreadyExists):
        await world.rename(created.id, "marketing")
    with pytest.raises(NotFound):
        await world.rename(created.id, "Support", caller=world.caller(company_id=uuid4()))
    with pytest.raises(AccessDenied):
        await world.rename(created.id, "Support", caller=world.caller(Role.EMPLOYEE))
    assert world.search.calls == []


async def test_rename_without_an_expected_version_is_last_writer_wins(world):
    created = await world.create("Sales")
    await world.rename(created.id, "Marketing")
    assert (await world.rename(created.id, "Support")).version == 3


async def test_a_stale_version_renames_nothing(world):
    created = await world.create("Sales")
    await world.rename(created.id, "Marketing", version=1)
    with pytest.raises(PreconditionFailed):
        await world.rename(created.id, "Support", version=1)
    assert (await world.get(created.id)).name == "Marketing"


async def test_renaming_to_the_same_name_changes_nothing(world):
    created = await world.create("Sales")
    same = await world.rename(created.id, " Sales ", version=1)
    assert same == created
    assert not world.last_uow.committed


async def test_a_rename_without_a_name_returns_the_unit_unchanged(world):
    created = await world.create("Sales")
    assert await world.rename(created.id, None, version=1) == created
    with pytest.raises(PreconditionFailed):
        await world.rename(created.id, None, version=7)


async def test_a_case_only_rename_of_itself_is_allowed(world):
    created = await world.create("sales")
    assert (await world.rename(created.id, "Sales")).name == "Sales"


async def test_rename_to_a_taken_name_is_refused(world):
    await world.create("Sales")
    other = await world.create("Marketing")
    with pytest.raises(AlreadyExists):
        await world.rename(other.id, "SALES")
    assert (await world.get(other.id)).name == "Marketing"


async def test_rename_validates_the_name(world):
    created = await world.create("Sales")
    with pytest.raises(InvalidInput) as error:
        await world.rename(created.id, "")
    assert [p.field for p in error.value.problems] == ["name"]


async def test_rename_of_another_companys_unit_is_not_found_and_changes_nothing(world):
    created = await world.create("Sales")
    with pytest.raises(NotFound):
        await world.rename(created.id, "Hacked", caller=world.caller(company_id=uuid4()))
    assert (await world.get(created.id)).name == "Sales"


@pytest.mark.parametrize("role", NON_WRITERS)
async def test_other_roles_may_not_rename(world, role):
    created = await world.create("Sales")
    with pytest.raises(AccessDenied):
        await world.rename(created.id, "Marketing", caller=world.caller(role))
    assert (await world.get(created.id)).name == "Sales"


# --- delete ---------------------------------------------------------------------------------


async def test_delete_removes_the_unit_and_commits(world):
    created = await world.create("Sales")
    await world.delete(created.id, version=1)
    assert world.last_uow.committed
    with pytest.raises(NotFound):
        await world.get(created.id)


async def test_delete_of_a_missing_unit_is_not_found(world):
    with pytest.raises(NotFound):
        await world.delete(uuid4())


async def test_a_stale_version_deletes_nothing(world):
    created = await world.create("Sales")
    await world.rename(created.id, "Marketing")
    with pytest.raises(PreconditionFailed):
        await world.delete(created.id, version=1)
    assert (await world.get(created.id)).version == 2


@pytest.mark.parametrize(
    ("kind", "link"),
    [
        (OrgKind.DEPARTMENT, "department_id"),
        (OrgKind.POSITION, "position_id"),
        (OrgKind.GRADE, "grade_id"),
    ],
)
async def test_a_unit_a_user_points_at_is_in_use(world, kind, link):
    created = await world.create("Senior", kind)
    user = world.add_user(**{link: created.id})
    with pytest.raises(InUse):
        await world.delete(created.id, kind=kind)
    assert (await world.get(created.id, kind=kind)).name == "Senior"
    setattr(world.store.users[user.id], link, None)
    await world.delete(created.id, kind=kind)


@pytest.mark.parametrize("table", ["candidates", "vacancies"])
async def test_a_unit_a_candidate_or_vacancy_points_at_is_in_use(world, table):
    @dataclass
    class Row:
        company_id: UUID
        position_id: UUID

    created = await world.create("Developer", OrgKind.POSITION)
    world.store.table(table)[uuid4()] = Row(world.company_id, created.id)
    with pytest.raises(InUse):
        await world.delete(created.id, kind=OrgKind.POSITION)


async def test_delete_of_another_companys_unit_is_not_found_and_deletes_nothing(world):
    created = await world.create("Sales")
    with pytest.raises(NotFound):
        await world.delete(created.id, caller=world.caller(company_id=uuid4()))
    assert await world.get(created.id) == created


@pytest.mark.parametrize("role", NON_WRITERS)
async def test_other_roles_may_not_delete(world, role):
    created = await world.create("Sales")
    with pytest.raises(AccessDenied):
        await world.delete(created.id, caller=world.caller(role))
    assert await world.get(created.id) == created


@pytest.mark.parametrize("role", sorted(WRITERS))
async def test_admins_and_managers_rename_and_delete(world, role):
    created = await world.create("Sales")
    await world.rename(created.id, "Marketing", caller=world.caller(role))
    await world.delete(created.id, caller=world.caller(role))
    assert (await world.list()).count == 0
