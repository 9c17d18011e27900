"""GetCandidate and ListCandidates on the in-memory adapters: roles, tenancy, soft delete, the
card's shape, filters, sorts and paging."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from adapters.memory.candidate_queries import InMemoryCandidateQueries
from adapters.memory.candidates import InMemoryCandidateRepository
from adapters.memory.store import InMemoryStore
from application.caller import Caller
from application.candidates.get_candidate import GetCandidate
from application.candidates.list_candidates import ListCandidates
from application.candidates.views import CandidateCard, CandidateFilters, CandidateList
from application.errors import AccessDenied, NotFound
from application.listing import ListRequest
from application.pagination import Page
from domain.candidates.candidate import Candidate
from domain.candidates.contacts import Contact
from domain.candidates.languages import Language
from domain.candidates.notes import Note
from domain.candidates.work_places import WorkPlace
from domain.errors import InvalidInput
from domain.identity.permissions import PERMISSIONS, Action, Resource
from domain.identity.role import Role
from domain.identity.user import User
from domain.organisation.org_unit import OrgKind, OrgUnit
from domain.organisation.skill import Skill
from tests.support.fakes import FixedClock

READERS = PERMISSIONS[Resource.CANDIDATES][Action.READ]
NON_READERS = [role for role in Role if role not in READERS]
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T09:30:00+00:00")


@dataclass
class World:
    store: InMemoryStore = field(default_factory=InMemoryStore)
    clock: FixedClock = field(default_factory=lambda: FixedClock(NOW))
    company_id: UUID = field(default_factory=uuid4)
    author_id: UUID = field(default_factory=uuid4)

    def __post_init__(self) -> None:
        self.store.users[self.author_id] = User(
            id=self.author_id,
            company_id=self.company_id,
            username="olga",
            password_hash="x",
            role=Role.RECRUITER,
            first_name="Ольга",
            last_name="Рекрутова",
            email="olga@example.com",
            created_at=NOW,
            updated_at=NOW,
        )

    def caller(self, role: Role = Role.RECRUITER, company_id: UUID | None = None) -> Caller:
        return Caller(user_id=self.author_id, company_id=company_id or self.company_id, role=role)

    def org_unit(self, kind: OrgKind, name: str) -> UUID:
        unit = OrgUnit.create(uuid4(), self.company_id, kind, name, NOW)
        self.store.table(f"{kind.value}s")[unit.id] = unit
        return unit.id

    def skill(self, name: str) -> UUID:
        skill = Skill.create(uuid4(), self.company_id, name, NOW)
        self.store.table("skills")[skill.id] = skill
        return skill.id

    async def add(self, **values: object) -> UUID:
        defaults: dict[str, object] = {
            "id": uuid4(),
            "company_id": self.company_id,
            "first_name": "Иван",
            "last_name": "Петров",
            "created_by": self.author_id,
            "created_at": NOW,
            "updated_at": NOW,
        }
        candidate = Candidate(**{**defaults, **values})  # type: ignore[arg-type]
        await InMemoryCandidateRepository(self.store).add(candidate)
        return candidate.id

    async def get(self, candidate_id: UUID, caller: Caller | None = None) -> CandidateCard:
        use_case = GetCandidate(InMemoryCandidateQueries(self.store), self.clock)
        return await use_case.execute(caller or self.caller(), candidate_id)

    async def list(
        self,
        sort: str | None = None,
        page: Page | None = None,
        caller: Caller | None = None,
        **filters: object,
    ) -> CandidateList:
        use_case = ListCandidates(InMemoryCandidateQueries(self.store), self.clock)
        page = page or Page()
        request = ListRequest(
            filters=CandidateFilters(**filters),  # type: ignore[arg-type]
            sort=sort,
            limit=page.limit,
            offset=page.offset,
        )
        found = await use_case.execute(caller or self.caller(), request)
        return found.decoded()

    async def ids(self, sort: str | None = None, **filters: object) -> list[UUID]:
        return [card.id for card in (await self.list(sort, **filters)).items]


@pytest.fixture
def world() -> World:
    return World()


async def full_candidate(world: World) -> tuple[UUID, dict[str, UUID]]:
    refs = {
        "position": world.org_unit(OrgKind.POSITION, "Разработчик"),
        "grade": world.org_unit(OrgKind.GRADE, "Senior"),
        "python": world.skill("Python"),
        "go": world.skill("Go"),
    }
    candidate_id = await world.add(
        first_name="Пётр",
        last_name="Ёлкин",
        middle_name="Семёнович",
        birth_date=date(1990, 5, 17),
        min_salary=150_000,
        position_id=refs["position"],
        grade_id=refs["grade"],
        address_code=2,
        citizenship_code=1,
        family_status_code=2,
        contacts=[
            Contact(uuid4(), 3, "petr@example.com", True),
            Contact(uuid4(), 1, "+79161234567", False),
        ],
        work_places=[
            WorkPlace(uuid4(), "Dev", "ACME", date(2015, 1, 1), date(2018, 12, 31), False),
            WorkPlace(uuid4(), "Lead", "Яндекс", date(2018, 1, 1), None, True),
        ],
        languages=[Language(uuid4(), 3, 1), Language(uuid4(), 2, 4)],
        notes=[
            Note(uuid4(), "Второй", world.author_id, at("2026-01-12")),
            Note(uuid4(), "Первый", world.author_id, at("2026-01-11")),
        ],
        skill_ids=[refs["python"], refs["go"]],
        version=2,
    )
    return candidate_id, refs


async def test_get_returns_the_whole_card(world: World) -> None:
    candidate_id, refs = await full_candidate(world)

    card = await world.get(candidate_id)

    assert (card.first_name, card.last_name, card.middle_name) == ("Пётр", "Ёлкин", "Семёнович")
    assert card.min_salary == 150_000 and card.birth_date == date(1990, 5, 17)
    assert card.position is not None and card.position.name == "Разработчик"
    assert card.grade is not None and card.grade.id == refs["grade"]
    assert card.address is not None and card.address.value == "Алтайский край"
    assert card.citizenship is not None and card.citizenship.value == "Российская Федерация"
    assert card.family_status is not None and card.family_status.code == 2
    assert [(c.type.value, c.value, c.is_priority) for c in card.contacts] == [
        ("Email", "petr@example.com", True),
        ("Мобильный телефон", "+79161234567", False),
    ]
    assert [(w.company, w.is_actual) for w in card.work_places] == [
        ("ACME", False),
        ("Яндекс", True),
    ]
    # 2015-01-01 .. today (2026-11-29) as one run: 11 years 10 months
    assert (card.total_experience.years, card.total_experience.months) == (11, 10)
    assert [(lang.language.value, lang.level.level_code) for lang in card.languages] == [
        ("Английский", "B2"),
        ("Немецкий", "A1"),
    ]
    assert [n.text for n in card.notes] == ["Первый", "Второй"]
    assert card.notes[0].author.last_name == "Рекрутова"
    assert [s.name for s in card.skills] == ["Go", "Python"]
    assert (card.created_by.id, card.created_by.first_name) == (world.author_id, "Ольга")
    assert card.version == 2


async def test_experience_runs_to_the_clock_s_today(world: World) -> None:
    candidate_id = await world.add(
        work_places=[WorkPlace(uuid4(), "Dev", "ACME", date(2026, 1, 1), None, True)]
    )
    assert (await world.get(candidate_id)).total_experience.months == 10
    world.clock.advance(timedelta(days=3))  # 2026-12-02
    assert (await world.get(candidate_id)).total_experience.months == 11


@pytest.mark.parametrize("role", sorted(READERS))
async def test_readers_read(world: World, role: Role) -> None:
    candidate_id = await world.add()
    assert (await world.get(candidate_id, world.caller(role))).id == candidate_id
    assert (await world.list(caller=world.caller(role))).count == 1


@pytest.mark.parametrize("role", NON_READERS)
async def test_other_roles_are_refused(world: World, role: Role) -> None:
    candidate_id = await world.add()
    with pytest.raises(AccessDenied):
        await world.get(candidate_id, world.caller(role))
    with pytest.raises(AccessDenied):
        await world.list(caller=world.caller(role))


def test_employees_may_not_read_candidates() -> None:
    assert NON_READERS == [Role.EMPLOYEE]


async def test_other_companies_and_deleted_cards_do_not_exist(world: World) -> None:
    deleted = await world.add(deleted_at=NOW)
    foreign = await world.add(company_id=uuid4())
    live = await world.add()

    for missing in (deleted, foreign, uuid4()):
        with pytest.raises(NotFound):
            await world.get(missing)
    found = await world.list()
    assert [card.id for card in found.items] == [live] and found.count == 1


async def test_sorts_with_ties_by_id(world: World) -> None:
    a = await world.add(last_name="Smith", min_salary=200_000, created_at=at("2026-05-20"))
    b = await world.add(last_name="Иванова", created_at=at("2026-05-20"))
    c = await world.add(last_name="O'Neil", min_salary=90_000, created_at=at("2026-03-05"))
    d = await world.add(last_name="Ёлкин", min_salary=150_000, created_at=at("2026-01-10"))
    may = sorted([a, b])

    assert await world.ids() == [*may, c, d]
    assert await world.ids("created_at") == [d, c, *may]
    assert await world.ids("last_name") == [c, a, d, b]
    assert await world.ids("-last_name") == [b, d, a, c]
    assert await world.ids("min_salary") == [c, d, a, b]
    assert await world.ids("-min_salary") == [a, d, c, b]


async def test_an_unknown_sort_or_reversed_ranges_are_invalid(world: World) -> None:
    with pytest.raises(InvalidInput) as sort_error:
        await world.list("birth_date")
    assert sort_error.value.problems[0].field == "sort"
    with pytest.raises(InvalidInput) as salary_error:
        await world.list(salary_from=10, salary_to=5)
    assert salary_error.value.problems[0].field == "salary_to"
    with pytest.raises(InvalidInput) as dates_error:
        await world.list(created_from=date(2026, 2, 1), created_to=date(2026, 1, 31))
    assert dates_error.value.problems[0].field == "created_to"


async def test_filters(world: World) -> None:
    elkin, refs = await full_candidate(world)
    other = await world.add(
        first_name="John",
        last_name="O'Neil",
        min_salary=90_000,
        address_code=3,
        created_at=at("2026-03-05"),
        contacts=[Contact(uuid4(), 3, "john@oneil.io", False)],
        skill_ids=[refs["python"]],
    )

    assert await world.ids(q="ЕЛКИН") == [elkin]
    assert set(await world.ids(ids=(elkin, other, uuid4()))) == {elkin, other}
    assert await world.ids(ids=(other,), q="елкин") == []
    assert await world.ids(q="семенович яндекс") == [elkin]
    assert await world.ids(q="oneil.io") == [other]
    assert await world.ids(q="второй") == [elkin]
    assert await world.ids(q="acme john") == []
    assert await world.ids(first_name="пётр") == [elkin]
    assert await world.ids(last_name="NEIL") == [other]
    assert await world.ids(middle_name="сем") == [elkin]
    assert await world.ids(middle_name="x") == []
    assert await world.ids(position_id=refs["position"]) == [elkin]
    assert await world.ids(grade_id=refs["grade"]) == [elkin]
    assert await world.ids(address_code=3) == [other]
    assert set(await world.ids(skill_ids=(refs["python"],))) == {elkin, other}
    assert await world.ids(skill_ids=(refs["python"], refs["go"])) == [elkin]
    assert await world.ids(salary_from=100_000) == [elkin]
    assert await world.ids(salary_to=90_000) == [other]
    assert await world.ids(created_from=date(2026, 11, 29)) == [elkin]
    assert await world.ids(created_to=date(2026, 3, 5)) == [other]
    assert await world.ids(q="python", salary_to=100_000, address_code=3) == [other]


async def test_paging_counts_every_match(world: World) -> None:
    created = [await world.add(created_at=NOW - timedelta(days=index)) for index in range(5)]

    page = await world.list(page=Page(limit=2, offset=1))
    assert [card.id for card in page.items] == created[1:3] and page.count == 5
    past = await world.list(page=Page(limit=2, offset=10))
    assert past.items == [] and past.count == 5
