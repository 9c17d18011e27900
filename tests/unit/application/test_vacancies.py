"""The vacancy use cases on the in-memory adapters: every rule, every role, tenant isolation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from adapters.memory.identity import InMemoryUserRepository
from adapters.memory.org_lookup import InMemoryOrgUnitLookup
from adapters.memory.organisation import InMemoryOrgUnitRepository
from adapters.memory.reference_catalog import InMemoryReferenceCatalog
from adapters.memory.search_index import InMemorySearchIndex
from adapters.memory.skills import InMemorySkillRepository
from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from adapters.memory.vacancies import InMemoryVacancyQueries, InMemoryVacancyRepository
from application.caller import Caller
from application.errors import AccessDenied, NotFound, PreconditionFailed
from application.events.recorder import EventRecorder
from application.listing import ListRequest
from application.organisation.rename_org_unit import RenameOrgUnit, RenameOrgUnitRequest
from application.vacancies.create_vacancy import CreateVacancy, CreateVacancyRequest
from application.vacancies.delete_vacancy import DeleteVacancy, DeleteVacancyRequest
from application.vacancies.get_vacancy import GetVacancy
from application.vacancies.list_vacancies import ListVacancies
from application.vacancies.references import SkillInput, VacancyReferences
from application.vacancies.restore_vacancy import RestoreVacancy
from application.vacancies.update_vacancy import UpdateVacancy, UpdateVacancyRequest
from application.vacancies.views import VacancyFilters, VacancyView
from domain.errors import InvalidInput
from domain.identity.permissions import PERMISSIONS, Action, Resource
from domain.identity.role import Role
from domain.identity.user import User
from domain.interviews.interview import Interview
from domain.organisation.org_unit import OrgKind, OrgUnit
from domain.organisation.skill import Skill
from tests.support.events import recorder
from tests.support.fakes import START, FixedClock, SequentialIdGenerator

READERS = PERMISSIONS[Resource.VACANCIES][Action.READ]
CREATORS = PERMISSIONS[Resource.VACANCIES][Action.CREATE]
WRITERS = PERMISSIONS[Resource.VACANCIES][Action.UPDATE]
ARCHIVED_ADDRESS = 1  # "Агинский Бурятский авт. округ"
LIVE_ADDRESS = 2


@dataclass
class Company:
    id: UUID
    members: dict[Role, User]
    position: OrgUnit
    department: OrgUnit
    grade: OrgUnit


@dataclass
class World:
    store: InMemoryStore = field(default_factory=InMemoryStore)
    clock: FixedClock = field(default_factory=FixedClock)
    ids: SequentialIdGenerator = field(default_factory=SequentialIdGenerator)
    last_uow: InMemoryUnitOfWork | None = None

    def company(self) -> Company:
        company_id = uuid4()
        members = {role: self.user(company_id, role) for role in Role}
        return Company(
            id=company_id,
            members=members,
            position=self.unit(company_id, OrgKind.POSITION, "Backend developer"),
            department=self.unit(company_id, OrgKind.DEPARTMENT, "Платформа"),
            grade=self.unit(company_id, OrgKind.GRADE, "Senior"),
        )

    def user(self, company_id: UUID, role: Role, *, active: bool = True) -> User:
        user = User(
            id=uuid4(),
            company_id=company_id,
            username=f"{role.value}-{uuid4().hex[:8]}",
            password_hash="x",
            role=role,
            first_name=role.value.title(),
            last_name="Tester",
            email=f"{role.value}@example.com",
            created_at=START,
            updated_at=START,
            is_active=active,
        )
        self.store.users[user.id] = user
        return user

    def unit(self, company_id: UUID, kind: OrgKind, name: str) -> OrgUnit:
        unit = OrgUnit.create(uuid4(), company_id, kind, name, START)
        self.store.table(f"{kind.value}s")[unit.id] = unit
        return unit

    def skill(self, company_id: UUID, name: str) -> Skill:
        skill = Skill.create(uuid4(), company_id, name, START)
        self.store.table("skills")[skill.id] = skill
        return skill

    def interview(self, company: Company, vacancy_id: UUID, stage: int, deleted=False) -> None:
        interview = Interview.start(
            uuid4(), company.id, uuid4(), vacancy_id, company.members[Role.ADMIN].id, START
        )
        interview.stage_code = stage
        if deleted:
            interview.deleted_at = START
        self.store.table("interviews")[interview.id] = interview

    def uow(self) -> InMemoryUnitOfWork:
        self.last_uow = InMemoryUnitOfWork(self.store)
        return self.last_uow

    def references(self) -> VacancyReferences:
        return VacancyReferences(
            InMemoryOrgUnitLookup(self.store),
            InMemoryUserRepository(self.store),
            InMemoryReferenceCatalog(),
            InMemorySkillRepository(self.store),
            self.clock,
            self.ids,
            self.events(),
        )

    def events(self) -> EventRecorder:
        return recorder(self.store, self.clock, self.ids)

    def repo(self) -> InMemoryVacancyRepository:
        return InMemoryVacancyRepository(self.store)

    def queries(self) -> InMemoryVacancyQueries:
        return InMemoryVacancyQueries(self.store)

    async def create(self, caller: Caller, company: Company, **fields) -> VacancyView:
        request = CreateVacancyRequest(
            position_id=fields.pop("position_id", company.position.id),
            department_id=fields.pop("department_id", company.department.id),
            priority_code=fields.pop("priority_code", 2),
            employee_count=fields.pop("employee_count", 1),
            **fields,
        )
        use_case = CreateVacancy(
            self.repo(),
            self.queries(),
            self.references(),
            self.clock,
            self.ids,
            self.events(),
            self.uow(),
        )
        return await use_case.execute(caller, request)

    async def update(self, caller: Caller, vacancy_id: UUID, **fields) -> VacancyView:
        use_case = UpdateVacancy(
            self.repo(), self.queries(), self.references(), self.clock, self.events(), self.uow()
        )
        return await use_case.execute(caller, UpdateVacancyRequest(vacancy_id=vacancy_id, **fields))

    async def get(self, caller: Caller, vacancy_id: UUID) -> VacancyView:
        return await GetVacancy(self.queries()).execute(caller, vacancy_id)

    async def delete(self, caller: Caller, vacancy_id: UUID, version: int | None = None) -> None:
        use_case = DeleteVacancy(self.repo(), self.clock, self.events(), self.uow())
        await use_case.execute(caller, DeleteVacancyRequest(vacancy_id, version))

    async def restore(self, caller: Caller, vacancy_id: UUID) -> VacancyView:
        use_case = RestoreVacancy(
            self.repo(), self.queries(), self.clock, self.events(), self.uow()
        )
        return await use_case.execute(caller, vacancy_id)

    async def list(self, caller: Caller, sort: str | None = None, limit=50, offset=0, **filters):
        request = ListRequest(
            filters=VacancyFilters(**filters), sort=sort, limit=limit, offset=offset
        )
        return await ListVacancies(self.queries()).execute(caller, request)


def caller_of(company: Company, role: Role) -> Caller:
    member = company.members[role]
    return Caller(user_id=member.id, company_id=company.id, role=role)


def problem_fields(error: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [problem.field for problem in error.value.problems]


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def acme(world: World) -> Company:
    return world.company()


@pytest.fixture
def rival(world: World) -> Company:
    return world.company()


# --- create -----------------------------------------------------------------------------------


async def test_a_created_vacancy_has_the_whole_shape_and_is_a_request(world, acme):
    python = world.skill(acme.id, "Python")
    recruiter = acme.members[Role.RECRUITER]
    view = await world.create(
        caller_of(acme, Role.MANAGER),
        acme,
        grade_id=acme.grade.id,
        salary_from=150_000,
        salary_to=250_000,
        employee_count=2,
        priority_code=3,
        deadline=date(2027, 1, 31),
        address_code=LIVE_ADDRESS,
        project="  Аполлон  ",
        recruiter_id=recruiter.id,
        skills=(SkillInput(id=python.id), SkillInput(name="  Apache   Kafka ")),
    )
    assert world.last_uow.committed
    assert view.position.name == "Backend developer"
    assert view.department.name == "Платформа"
    assert view.grade is not None and view.grade.name == "Senior"
    assert (view.salary_from, view.salary_to, view.employee_count) == (150_000, 250_000, 2)
    assert view.hired_count == 0
    assert (view.priority.code, view.priority.value) == (3, "Высокий")
    assert (view.status.code, view.status.value) == (1, "Заявка")
    assert view.deadline == date(2027, 1, 31)
    assert view.address is not None and view.address.value == "Алтайский край"
    assert view.project == "Аполлон"
    assert view.recruiter is not None and view.recruiter.id == recruiter.id
    assert [s.name for s in view.skills] == ["Apache Kafka", "Python"]
    assert view.created_by.id == acme.members[Role.MANAGER].id
    assert view.created_at == view.updated_at == START
    assert view.version == 1
    kafka = [s for s in world.store.table("skills").values() if s.name == "Apache Kafka"]
    assert len(kafka) == 1 and kafka[0].company_id == acme.id


@pytest.mark.parametrize("role", sorted(CREATORS))
async def test_every_creator_role_files_a_request(world, acme, role):
    view = await world.create(caller_of(acme, role), acme)
    assert view.status.code == 1
    assert view.created_by.id == acme.members[role].id


async def test_a_customer_may_create_a_request_but_not_change_or_delete_it(world, acme):
    customer = caller_of(acme, Role.CUSTOMER)
    view = await world.create(customer, acme, project="Найм аналитика")
    assert view.status.code == 1
    assert (await world.get(customer, view.id)).project == "Найм аналитика"
    assert (await world.list(customer)).count == 1
    with pytest.raises(AccessDenied):
        await world.update(customer, view.id, project="x")
    with pytest.raises(AccessDenied):
        await world.update(customer, view.id, status_code=2)
    with pytest.raises(AccessDenied):
        await world.delete(customer, view.id)
    with pytest.raises(AccessDenied):
        await world.restore(customer, view.id)
    assert (await world.get(customer, view.id)).version == 1


async def test_an_employee_is_refused_everywhere(world, acme):
    view = await world.create(caller_of(acme, Role.ADMIN), acme)
    employee = caller_of(acme, Role.EMPLOYEE)
    with pytest.raises(AccessDenied):
        await world.create(employee, acme)
    with pytest.raises(AccessDenied):
        await world.get(employee, view.id)
    with pytest.raises(AccessDenied):
        await world.list(employee)
    with pytest.raises(AccessDenied):
        await world.update(employee, view.id, project="x")
    with pytest.raises(AccessDenied):
        await world.delete(employee, view.id)
    with pytest.raises(AccessDenied):
        await world.restore(employee, view.id)
    assert len(world.store.table("vacancies")) == 1


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.MANAGER, Role.ADMIN])
async def test_the_recruiter_may_be_a_recruiter_manager_or_admin(world, acme, role):
    view = await world.create(caller_of(acme, Role.ADMIN), acme, recruiter_id=acme.members[role].id)
    assert view.recruiter is not None and view.recruiter.id == acme.members[role].id


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.CUSTOMER])
async def test_the_recruiter_may_not_be_an_employee_or_customer(world, acme, role):
    with pytest.raises(InvalidInput) as error:
        await world.create(caller_of(acme, Role.ADMIN), acme, recruiter_id=acme.members[role].id)
    assert problem_fields(error) == ["recruiter_id"]


async def test_the_recruiter_must_be_active_and_of_the_company(world, acme, rival):
    gone = world.user(acme.id, Role.RECRUITER, active=False)
    for recruiter_id in (gone.id, rival.members[Role.RECRUITER].id, uuid4()):
        with pytest.raises(InvalidInput) as error:
            await world.create(caller_of(acme, Role.ADMIN), acme, recruiter_id=recruiter_id)
        assert problem_fields(error) == ["recruiter_id"]
    assert world.store.table("vacancies") == {}


async def test_organisation_ids_of_another_company_are_refused(world, acme, rival):
    with pytest.raises(InvalidInput) as error:
        await world.create(
            caller_of(acme, Role.ADMIN),
            acme,
            position_id=rival.position.id,
            department_id=rival.department.id,
            grade_id=rival.grade.id,
        )
    assert problem_fields(error) == ["position_id", "department_id", "grade_id"]
    with pytest.raises(InvalidInput) as error:
        await world.create(caller_of(acme, Role.ADMIN), acme, position_id=uuid4())
    assert problem_fields(error) == ["position_id"]


async def test_codes_must_exist_and_not_be_archived(world, acme):
    with pytest.raises(InvalidInput) as error:
        await world.create(
            caller_of(acme, Role.ADMIN), acme, priority_code=99, address_code=ARCHIVED_ADDRESS
        )
    assert problem_fields(error) == ["priority_code", "address_code"]


async def test_domain_and_reference_problems_are_reported_together(world, acme):
    with pytest.raises(InvalidInput) as error:
        await world.create(
            caller_of(acme, Role.ADMIN),
            acme,
            salary_from=300,
            salary_to=200,
            employee_count=1001,
            priority_code=0,
            skills=(SkillInput(id=uuid4()),),
        )
    assert sorted(problem_fields(error)) == [
        "employee_count",
        "priority_code",
        "salary_to",
        "skills[0].id",
    ]


async def test_skills_by_id_must_be_of_the_company_and_an_item_names_one_way(world, acme, rival):
    foreign = world.skill(rival.id, "Go")
    with pytest.raises(InvalidInput) as error:
        await world.create(
            caller_of(acme, Role.ADMIN),
            acme,
            skills=(
                SkillInput(id=foreign.id),
                SkillInput(),
                SkillInput(id=uuid4(), name="Rust"),
                SkillInput(name="   "),
                SkillInput(name="Fresh name"),
            ),
        )
    assert problem_fields(error) == ["skills[0].id", "skills[1]", "skills[2]", "skills[3].name"]
    # Nothing was stored: not the vacancy, not the new skill name.
    assert world.store.table("vacancies") == {}
    assert [s.name for s in world.store.table("skills").values()] == ["Go"]


async def test_a_known_skill_name_resolves_to_the_stored_skill(world, acme):
    docker = world.skill(acme.id, "Docker")
    view = await world.create(
        caller_of(acme, Role.RECRUITER),
        acme,
        skills=(SkillInput(name="  DOCKER "), SkillInput(id=docker.id), SkillInput(name="sql")),
    )
    assert (view.skills[0].id, view.skills[0].name) == (docker.id, "Docker")
    assert [s.name for s in view.skills] == ["Docker", "sql"]
    assert len(world.store.table("skills")) == 2


# --- get / update -------------------------------------------------------------------------------


async def test_another_companys_vacancy_is_not_found_everywhere(world, acme, rival):
    view = await world.create(caller_of(acme, Role.ADMIN), acme)
    stranger = caller_of(rival, Role.ADMIN)
    with pytest.raises(NotFound):
        await world.get(stranger, view.id)
    with pytest.raises(NotFound):
        await world.update(stranger, view.id, project="hijack")
    with pytest.raises(NotFound):
        await world.delete(stranger, view.id)
    with pytest.raises(NotFound):
        await world.restore(stranger, view.id)
    assert (await world.list(stranger)).count == 0
    assert (await world.get(caller_of(acme, Role.ADMIN), view.id)).version == 1


async def test_a_partial_update_changes_only_what_is_given_and_null_clears(world, acme):
    admin = caller_of(acme, Role.ADMIN)
    view = await world.create(
        admin,
        acme,
        salary_from=100,
        salary_to=200,
        project="Apollo",
        grade_id=acme.grade.id,
        recruiter_id=acme.members[Role.RECRUITER].id,
        address_code=LIVE_ADDRESS,
    )
    world.clock.advance(minutes=5)
    updated = await world.update(
        caller_of(acme, Role.RECRUITER),
        view.id,
        expected_version=1,
        status_code=2,
        grade_id=None,
        project=None,
        address_code=None,
        employee_count=4,
    )
    assert world.last_uow.committed
    assert updated.status.code == 2 and updated.status.value == "В работе"
    assert updated.grade is None and updated.project is None and updated.address is None
    assert updated.employee_count == 4
    assert (updated.salary_from, updated.salary_to) == (100, 200)
    assert updated.recruiter is not None
    assert updated.version == 2
    assert updated.updated_at == START + timedelta(minutes=5)
    assert updated.created_at == START


@pytest.mark.parametrize("role", sorted(WRITERS))
async def test_staff_may_change_the_status(world, acme, role):
    view = await world.create(caller_of(acme, Role.CUSTOMER), acme)
    updated = await world.update(caller_of(acme, role), view.id, status_code=3)
    assert updated.status.code == 3


async def test_an_unknown_status_is_refused(world, acme):
    view = await world.create(caller_of(acme, Role.ADMIN), acme)
    with pytest.raises(InvalidInput) as error:
        await world.update(caller_of(acme, Role.ADMIN), view.id, status_code=9)
    assert problem_fields(error) == ["status_code"]


async def test_the_salary_rule_holds_against_the_stored_bound(world, acme):
    admin = caller_of(acme, Role.ADMIN)
    view = await world.create(admin, acme, salary_from=100, salary_to=200)
    with pytest.raises(InvalidInput) as error:
        await world.update(admin, view.id, salary_from=201)
    assert problem_fields(error) == ["salary_to"]
    assert (await world.update(admin, view.id, salary_to=None, salary_from=500)).salary_from == 500


async def test_a_stale_version_changes_nothing(world, acme):
    admin = caller_of(acme, Role.ADMIN)
    view = await world.create(admin, acme, project="Apollo")
    await world.update(admin, view.id, project="Gemini")
    with pytest.raises(PreconditionFailed):
        await world.update(admin, view.id, expected_version=1, project="Mercury")
    with pytest.raises(PreconditionFailed):
        await world.delete(admin, view.id, version=1)
    current = await world.get(admin, view.id)
    assert (current.project, current.version) == ("Gemini", 2)


async def test_skills_are_replaced_as_a_whole_list(world, acme):
    admin = caller_of(acme, Role.ADMIN)
    python = world.skill(acme.id, "Python")
    sql = world.skill(acme.id, "SQL")
    view = await world.create(admin, acme, skills=(SkillInput(id=python.id),))
    updated = await world.update(
        admin, view.id, skills=(SkillInput(id=sql.id), SkillInput(name="Airflow"))
    )
    assert [s.name for s in updated.skills] == ["Airflow", "SQL"]
    assert [s.name for s in (await world.update(admin, view.id, skills=())).skills] == []
    # Not given: the list stays.
    kept = await world.update(admin, view.id, skills=(SkillInput(id=python.id),))
    assert [s.name for s in (await world.update(admin, kept.id, project="x")).skills] == ["Python"]


async def test_an_update_rechecks_only_what_it_changes(world, acme):
    admin = caller_of(acme, Role.ADMIN)
    recruiter = world.user(acme.id, Role.RECRUITER)
    view = await world.create(admin, acme, recruiter_id=recruiter.id)
    world.store.users[recruiter.id].is_active = False
    assert (await world.update(admin, view.id, project="still fine")).project == "still fine"
    assert (
        await world.update(admin, view.id, recruiter_id=recruiter.id)
    ).recruiter is not None  # the same value is not a change
    with pytest.raises(InvalidInput) as error:
        await world.update(admin, view.id, recruiter_id=world.user(acme.id, Role.CUSTOMER).id)
    assert problem_fields(error) == ["recruiter_id"]


async def test_update_refuses_another_companys_references(world, acme, rival):
    admin = caller_of(acme, Role.ADMIN)
    view = await world.create(admin, acme)
    with pytest.raises(InvalidInput) as error:
        await world.update(
            admin,
            view.id,
            department_id=rival.department.id,
            recruiter_id=rival.members[Role.ADMIN].id,
            skills=(SkillInput(id=world.skill(rival.id, "Go").id),),
        )
    assert problem_fields(error) == ["department_id", "recruiter_id", "skills[0].id"]


# --- delete / restore ---------------------------------------------------------------------------


async def test_soft_delete_hides_and_restore_brings_back(world, acme):
    recruiter = caller_of(acme, Role.RECRUITER)
    view = await world.create(recruiter, acme, project="Apollo")
    await world.delete(recruiter, view.id, version=1)
    assert world.last_uow.committed
    with pytest.raises(NotFound):
        await world.get(recruiter, view.id)
    with pytest.raises(NotFound):
        await world.update(recruiter, view.id, project="x")
    with pytest.raises(NotFound):
        await world.delete(recruiter, view.id)
    assert (await world.list(recruiter)).count == 0
    assert world.store.table("vacancies")[view.id].deleted_at == START

    restored = await world.restore(recruiter, view.id)
    assert restored.project == "Apollo"
    assert restored.version == 3
    assert (await world.list(recruiter)).count == 1
    again = await world.restore(recruiter, view.id)
    assert again.version == 3  # restoring a live vacancy changes nothing


async def test_restoring_an_unknown_vacancy_is_not_found(world, acme):
    with pytest.raises(NotFound):
        await world.restore(caller_of(acme, Role.ADMIN), uuid4())


# --- hired_count and list ---------------------------------------------------------------------


async def test_hired_count_counts_live_interviews_at_stage_10(world, acme):
    admin = caller_of(acme, Role.ADMIN)
    view = await world.create(admin, acme, employee_count=3)
    other = await world.create(admin, acme)
    world.interview(acme, view.id, 10)
    world.interview(acme, view.id, 10)
    world.interview(acme, view.id, 10, deleted=True)
    world.interview(acme, view.id, 7)
    world.interview(acme, other.id, 9)
    assert (await world.get(admin, view.id)).hired_count == 2
    assert (await world.get(admin, other.id)).hired_count == 0


async def test_list_filters_sorts_and_pages(world, acme):
    admin = caller_of(acme, Role.ADMIN)
    python = world.skill(acme.id, "Python")
    first = await world.create(admin, acme, priority_code=4, skills=(SkillInput(id=python.id),))
    world.clock.advance(days=1)
    second = await world.create(admin, acme, priority_code=1, project="Ёлка", salary_from=100)
    world.clock.advance(days=1)
    third = await world.create(admin, acme, priority_code=2, deadline=date(2027, 1, 1))

    ids = lambda page: [item.id for item in page.items]  # noqa: E731
    assert ids(await world.list(admin)) == [third.id, second.id, first.id]
    assert ids(await world.list(admin, sort="priority")) == [second.id, third.id, first.id]
    assert ids(await world.list(admin, sort="-priority")) == [first.id, third.id, second.id]
    assert ids(await world.list(admin, sort="deadline"))[0] == third.id
    page = await world.list(admin, limit=1, offset=1)
    assert (ids(page), page.count) == ([second.id], 3)
    assert ids(await world.list(admin, q="елка")) == [second.id]
    assert ids(await world.list(admin, skill_ids=(python.id,))) == [first.id]
    assert ids(await world.list(admin, salary_to=50)) == [third.id, first.id]
    assert ids(await world.list(admin, created_to=START.date())) == [first.id]
    assert ids(await world.list(admin, deadline_from=date(2026, 12, 1))) == [third.id]
    assert ids(await world.list(admin, ids=(first.id, third.id, uuid4()))) == [third.id, first.id]


async def test_q_finds_a_vacancy_by_its_departments_new_name_after_a_rename(world, acme):
    admin = caller_of(acme, Role.ADMIN)
    vacancy = await world.create(admin, acme)
    rename = RenameOrgUnit(
        InMemoryOrgUnitRepository(world.store),
        InMemorySearchIndex(),
        world.clock,
        world.events(),
        world.uow(),
    )
    await rename.execute(
        admin, RenameOrgUnitRequest(OrgKind.DEPARTMENT, acme.department.id, "Логистика")
    )
    assert [item.id for item in (await world.list(admin, q="логистика")).items] == [vacancy.id]
    assert (await world.list(admin, q="платформа")).items == []


async def test_list_refuses_a_bad_sort_page_or_inverted_range(world, acme):
    admin = caller_of(acme, Role.ADMIN)
    with pytest.raises(InvalidInput) as error:
        await world.list(admin, sort="salary")
    assert problem_fields(error) == ["sort"]
    for limit in (0, 201):
        with pytest.raises(InvalidInput):
            await world.list(admin, limit=limit)
    with pytest.raises(InvalidInput) as error:
        await world.list(
            admin,
            salary_from=10,
            salary_to=5,
            created_from=date(2026, 2, 1),
            created_to=date(2026, 1, 1),
            deadline_from=date(2026, 2, 1),
            deadline_to=date(2026, 1, 31),
        )
    assert problem_fields(error) == ["salary_to", "created_to", "deadline_to"]
