"""The skills use cases on the in-memory adapters: every rule, every role."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID, uuid4

import pytest

from adapters.memory.skills import InMemorySkillQueries, InMemorySkillRepository
from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from application.caller import Caller
from application.errors import AccessDenied, InUse, NotFound
from application.events.recorder import EventRecorder
from application.skills.create_skill import CreatedSkill, CreateSkill, CreateSkillRequest
from application.skills.delete_skill import DeleteSkill
from application.skills.get_skill import GetSkill
from application.skills.search_skills import SearchSkills, SearchSkillsRequest
from application.skills.views import SkillView
from domain.errors import InvalidInput
from domain.identity.permissions import PERMISSIONS, Action, Resource
from domain.identity.role import Role
from tests.support.events import recorder
from tests.support.fakes import FixedClock, SequentialIdGenerator

WRITERS = PERMISSIONS[Resource.SKILLS][Action.CREATE]
NON_WRITERS = [role for role in Role if role not in WRITERS]


@dataclass
class World:
    store: InMemoryStore = field(default_factory=InMemoryStore)
    clock: FixedClock = field(default_factory=FixedClock)
    ids: SequentialIdGenerator = field(default_factory=SequentialIdGenerator)
    company_id: UUID = field(default_factory=uuid4)
    last_uow: InMemoryUnitOfWork | None = None

    def caller(self, role: Role = Role.RECRUITER, company_id: UUID | None = None) -> Caller:
        return Caller(user_id=uuid4(), company_id=company_id or self.company_id, role=role)

    def events(self) -> EventRecorder:
        return recorder(self.store, self.clock, self.ids)

    def uow(self) -> InMemoryUnitOfWork:
        self.last_uow = InMemoryUnitOfWork(self.store)
        return self.last_uow

    async def create(self, name: str, caller: Caller | None = None) -> CreatedSkill:
        use_case = CreateSkill(
            InMemorySkillRepository(self.store), self.clock, self.ids, self.events(), self.uow()
        )
        return await use_case.execute(caller or self.caller(), CreateSkillRequest(name))

    async def delete(self, skill_id: UUID, caller: Caller | None = None) -> None:
        use_case = DeleteSkill(InMemorySkillRepository(self.store), self.events(), self.uow())
        await use_case.execute(caller or self.caller(), skill_id)

    async def get(self, skill_id: UUID, caller: Caller | None = None) -> SkillView:
        use_case = GetSkill(InMemorySkillQueries(self.store))
        return await use_case.execute(caller or self.caller(), skill_id)

    async def search(self, caller: Caller | None = None, **request):
        use_case = SearchSkills(InMemorySkillQueries(self.store))
        return await use_case.execute(caller or self.caller(), SearchSkillsRequest(**request))

    async def names(self, **request) -> list[str]:
        return [item.name for item in (await self.search(**request)).items]


@pytest.fixture
def world() -> World:
    return World()


# --- create ---------------------------------------------------------------------------------


async def test_a_new_skill_is_created_with_its_normalized_name(world):
    result = await world.create("  Apache   Kafka ")
    assert result.created is True
    assert result.skill == SkillView(
        id=UUID(int=1), name="Apache Kafka", normalized_name="apache kafka"
    )
    assert world.last_uow.committed
    assert await world.get(result.skill.id) == result.skill


@pytest.mark.parametrize("spelling", ["git hub", " Git  Hub", "GIT HUB", "Git\tHub"])
async def test_an_equal_normalized_name_returns_the_existing_skill(world, spelling):
    first = await world.create("Git Hub")
    again = await world.create(spelling)
    assert again.created is False
    assert again.skill == first.skill  # the first spelling is kept
    assert (await world.search()).count == 1


async def test_the_same_name_is_a_separate_skill_in_another_company(world):
    ours = await world.create("Python")
    theirs = await world.create("Python", caller=world.caller(company_id=uuid4()))
    assert theirs.created is True
    assert theirs.skill.id != ours.skill.id


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "C\x00"])
async def test_an_invalid_name_is_refused_on_the_name_field(world, name):
    with pytest.raises(InvalidInput) as error:
        await world.create(name)
    assert [p.field for p in error.value.problems] == ["name"]
    assert (await world.search()).count == 0


@pytest.mark.parametrize("role", sorted(WRITERS))
async def test_admins_managers_and_recruiters_create(world, role):
    assert (await world.create("Go", caller=world.caller(role))).created


@pytest.mark.parametrize("role", NON_WRITERS)
async def test_other_roles_may_not_create(world, role):
    with pytest.raises(AccessDenied):
        await world.create("Go", caller=world.caller(role))
    assert (await world.search()).count == 0


# --- search ---------------------------------------------------------------------------------


async def test_prefix_matches_come_first_then_substring_matches_each_by_name(world):
    for name in ["CPython", "Python", "Jython", "pytest", "Go", "MicroPython"]:
        await world.create(name)
    assert await world.names(q="py") == ["pytest", "Python", "CPython", "MicroPython"]
    assert (await world.search(q="py")).count == 4  # not Jython, not Go


async def test_the_query_is_normalized_like_a_name(world):
    for name in ["Git Hub", "GitLab"]:
        await world.create(name)
    assert await world.names(q="  GIT   h") == ["Git Hub"]


async def test_an_empty_query_lists_every_skill_by_name(world):
    for name in ["b", "A", "c"]:
        await world.create(name)
    assert await world.names() == ["A", "b", "c"]
    assert await world.names(q="   ") == ["A", "b", "c"]


async def test_wildcards_in_the_query_are_literal(world):
    for name in ["C++", "C#", "100% uptime"]:
        await world.create(name)
    assert await world.names(q="%") == ["100% uptime"]
    assert await world.names(q="_") == []


async def test_search_pages_and_counts(world):
    for index in range(5):
        await world.create(f"skill {index}")
    page = await world.search(limit=2, offset=1)
    assert [item.name for item in page.items] == ["skill 1", "skill 2"]
    assert page.count == 5
    past = await world.search(offset=50)
    assert (past.items, past.count) == ([], 5)


async def test_the_default_page_is_20(world):
    for index in range(25):
        await world.create(f"skill {index:02}")
    assert len((await world.search()).items) == 20


async def test_search_sees_only_the_callers_company(world):
    await world.create("Python")
    await world.create("Pyramid", caller=world.caller(company_id=uuid4()))
    assert await world.names(q="py") == ["Python"]


@pytest.mark.parametrize("role", list(Role))
async def test_every_role_searches_and_reads(world, role):
    created = await world.create("Python")
    assert (await world.search(caller=world.caller(role))).count == 1
    assert await world.get(created.skill.id, caller=world.caller(role)) == created.skill


@pytest.mark.parametrize(
    ("request_", "fields"),
    [
        ({"limit": 0}, ["limit"]),
        ({"limit": 201}, ["limit"]),
        ({"offset": -1}, ["offset"]),
        ({"q": "x" * 101}, ["q"]),
        ({"q": "\x00"}, ["q"]),
    ],
)
async def test_bad_search_parameters_are_refused_with_their_fields(world, request_, fields):
    with pytest.raises(InvalidInput) as error:
        await world.search(**request_)
    assert [p.field for p in error.value.problems] == fields


# --- get ------------------------------------------------------------------------------------


async def test_another_companys_skill_is_not_found(world):
    created = await world.create("Python")
    with pytest.raises(NotFound):
        await world.get(created.skill.id, caller=world.caller(company_id=uuid4()))


# --- delete ---------------------------------------------------------------------------------


async def test_delete_removes_the_skill(world):
    created = await world.create("Python")
    await world.delete(created.skill.id)
    assert world.last_uow.committed
    with pytest.raises(NotFound):
        await world.get(created.skill.id)
    assert (await world.create("python")).created is True  # the name is free again


async def test_delete_of_a_missing_skill_is_not_found(world):
    with pytest.raises(NotFound):
        await world.delete(uuid4())


async def test_delete_of_another_companys_skill_is_not_found_and_deletes_nothing(world):
    created = await world.create("Python")
    with pytest.raises(NotFound):
        await world.delete(created.skill.id, caller=world.caller(Role.ADMIN, uuid4()))
    assert await world.get(created.skill.id) == created.skill


@pytest.mark.parametrize("role", NON_WRITERS)
async def test_other_roles_may_not_delete(world, role):
    created = await world.create("Python")
    with pytest.raises(AccessDenied):
        await world.delete(created.skill.id, caller=world.caller(role))
    assert await world.get(created.skill.id) == created.skill


@pytest.mark.parametrize("table", ["candidate_skills", "vacancy_skills"])
async def test_a_skill_a_candidate_or_vacancy_has_is_in_use(world, table):
    created = await world.create("Python")
    owner_id = uuid4()
    world.store.table(table)[(owner_id, created.skill.id)] = {
        "company_id": world.company_id,
        "skill_id": created.skill.id,
    }
    with pytest.raises(InUse):
        await world.delete(created.skill.id)
    assert await world.get(created.skill.id) == created.skill
    del world.store.table(table)[(owner_id, created.skill.id)]
    await world.delete(created.skill.id)


async def test_a_skill_held_inside_a_candidate_row_is_in_use(world):
    @dataclass
    class Candidate:
        company_id: UUID
        skill_ids: list[UUID]

    created = await world.create("Python")
    world.store.table("candidates")[uuid4()] = Candidate(world.company_id, [created.skill.id])
    with pytest.raises(InUse):
        await world.delete(created.skill.id)
