"""The interview use cases on the in-memory adapters: every rule, every role, tenancy."""

from __future__ import annotations

import inspect
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.memory.interviews import (
    InMemoryInterviewParties,
    InMemoryInterviewQueries,
    InMemoryInterviewRepository,
    InMemoryStageResultRepository,
)
from adapters.memory.reference_catalog import InMemoryReferenceCatalog
from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from application.caller import Caller
from application.errors import AccessDenied, AlreadyExists, Conflict, NotFound, PreconditionFailed
from application.interviews.delete_interview import DeleteInterview, DeleteInterviewRequest
from application.interviews.delete_stage_result import DeleteStageResult
from application.interviews.get_interview import GetInterview
from application.interviews.get_stage_result import GetStageResult
from application.interviews.list_interviews import ListInterviews
from application.interviews.list_stage_results import ListStageResults, ListStageResultsRequest
from application.interviews.move_interview_stage import (
    MoveInterviewStage,
    MoveInterviewStageRequest,
)
from application.interviews.restore_interview import RestoreInterview
from application.interviews.start_interview import StartInterview, StartInterviewRequest
from application.interviews.views import (
    CandidateSummary,
    InterviewFilters,
    InterviewView,
    StageRef,
    StageResultView,
)
from application.listing import ListRequest
from application.views import NamedRef, PersonRef
from domain.candidates.candidate import Candidate
from domain.errors import InvalidInput, RuleConflict
from domain.identity.permissions import PERMISSIONS, Action, Resource
from domain.identity.role import Role
from domain.identity.user import User
from domain.organisation.org_unit import OrgKind, OrgUnit
from domain.vacancies.vacancy import Vacancy, VacancyTerms
from tests.support.events import recorder
from tests.support.fakes import FixedClock, SequentialIdGenerator


class StageCatalog(InMemoryReferenceCatalog):
    """The real reference data, with interview stages a test may archive."""

    def __init__(self) -> None:
        super().__init__()
        self.archived_stages: set[int] = set()

    async def live_codes(self, name: str) -> set[int]:
        codes = await super().live_codes(name)
        return codes - self.archived_stages if name == "interview-stages" else codes


class Company:
    """One tenant in the store: a user per role, a position and a department."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.id = uuid4()
        self.callers: dict[Role, Caller] = {}
        for role in Role:
            user = User(
                id=uuid4(),
                company_id=self.id,
                username=f"{role.value}-{self.id.hex[:6]}",
                password_hash="$2b$04$hash",
                role=role,
                first_name=role.value.title(),
                last_name="Tester",
                email=f"{role.value}@example.com",
                created_at=world.clock.now(),
                updated_at=world.clock.now(),
            )
            world.store.users[user.id] = user
            self.callers[role] = Caller(user.id, self.id, role)
        self.position = self._org_unit(OrgKind.POSITION, "positions", "Backend developer")
        self.department = self._org_unit(OrgKind.DEPARTMENT, "departments", "Engineering")

    def __getitem__(self, role: Role) -> Caller:
        return self.callers[role]

    def _org_unit(self, kind: OrgKind, table: str, name: str) -> OrgUnit:
        unit = OrgUnit.create(uuid4(), self.id, kind, name, self.world.clock.now())
        self.world.store.table(table)[unit.id] = unit
        return unit

    def candidate(self, last_name: str = "Иванова", middle_name: str | None = None) -> Candidate:
        now = self.world.clock.now()
        candidate = Candidate(
            id=uuid4(),
            company_id=self.id,
            first_name="Анна",
            last_name=last_name,
            middle_name=middle_name,
            created_by=self[Role.RECRUITER].user_id,
            created_at=now,
            updated_at=now,
        )
        self.world.store.table("candidates")[candidate.id] = candidate
        return candidate

    def vacancy(self, priority_code: int = 2, deadline: date | None = None) -> Vacancy:
        terms = VacancyTerms(
            position_id=self.position.id,
            department_id=self.department.id,
            priority_code=priority_code,
            employee_count=2,
            deadline=deadline,
        )
        vacancy = Vacancy.request(
            uuid4(), self.id, self[Role.CUSTOMER].user_id, terms, self.world.clock.now()
        )
        self.world.store.table("vacancies")[vacancy.id] = vacancy
        return vacancy


class World:
    """The store and the system ports; `run` plays one request: a fresh unit of work that
    rolls back unless the use case commits, like the request-scoped database session."""

    def __init__(self) -> None:
        self.store = InMemoryStore()
        self.clock = FixedClock()
        self.ids = SequentialIdGenerator()
        self.catalog = StageCatalog()
        self.uows: list[InMemoryUnitOfWork] = []

    def build(self, use_case: type) -> Any:
        uow = InMemoryUnitOfWork(self.store)
        self.uows.append(uow)
        available = {
            "interviews": InMemoryInterviewRepository(self.store),
            "results": InMemoryStageResultRepository(self.store),
            "parties": InMemoryInterviewParties(self.store),
            "queries": InMemoryInterviewQueries(self.store),
            "catalog": self.catalog,
            "clock": self.clock,
            "ids": self.ids,
            "events": recorder(self.store, self.clock, self.ids),
            "uow": uow,
        }
        names = list(inspect.signature(use_case.__init__).parameters)[1:]
        return use_case(**{name: available[name] for name in names})

    async def run(self, use_case: type, caller: Caller, *args: Any) -> Any:
        built = self.build(use_case)
        uow = self.uows[-1]
        try:
            return await built.execute(caller, *args)
        except Exception:
            await uow.rollback()
            raise

    def mark_deleted(self, table: str, row_id: UUID, deleted: bool = True) -> None:
        """What the candidate or vacancy use cases do to a row on a soft delete (restore)."""
        self.store.table(table)[row_id].deleted_at = self.clock.now() if deleted else None

    @property
    def last_committed(self) -> bool:
        return self.uows[-1].committed

    # shortcuts for the common calls

    async def start(self, caller: Caller, candidate: Any, vacancy: Any) -> InterviewView:
        return await self.run(
            StartInterview, caller, StartInterviewRequest(candidate.id, vacancy.id)
        )

    async def move(
        self,
        caller: Caller,
        interview_id: UUID,
        stage: int,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> StageResultView:
        request = MoveInterviewStageRequest(interview_id, stage, note, expected_version)
        return await self.run(MoveInterviewStage, caller, request)

    async def listed(self, caller: Caller, **filters: Any) -> list[UUID]:
        sort = filters.pop("sort", None)
        request = ListRequest(filters=InterviewFilters(**filters), sort=sort, limit=200)
        return [item.id for item in (await self.run(ListInterviews, caller, request)).items]

    async def history(self, caller: Caller, interview_id: UUID) -> list[StageResultView]:
        result = await self.run(ListStageResults, caller, ListStageResultsRequest(interview_id))
        assert result.count == len(result.items)
        return result.items


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def company(world: World) -> Company:
    return Company(world)


@pytest.fixture
def other(world: World) -> Company:
    return Company(world)


def problems_of(error: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {problem.field: problem.message for problem in error.value.problems}


WRITERS = (Role.ADMIN, Role.MANAGER, Role.RECRUITER)
READERS = (*WRITERS, Role.CUSTOMER)


# --- start ------------------------------------------------------------------------------------


async def test_start_puts_the_candidate_at_stage_new_with_the_summaries(
    world: World, company: Company
):
    candidate = company.candidate("Петрова", middle_name="Сергеевна")
    vacancy = company.vacancy()
    recruiter = company[Role.RECRUITER]

    view = await world.start(recruiter, candidate, vacancy)

    assert world.last_committed
    assert view.candidate == CandidateSummary(
        id=candidate.id, first_name="Анна", last_name="Петрова", middle_name="Сергеевна"
    )
    assert view.vacancy.id == vacancy.id
    assert view.vacancy.position == NamedRef(id=company.position.id, name="Backend developer")
    assert view.vacancy.department == NamedRef(id=company.department.id, name="Engineering")
    assert view.stage == StageRef(1, "Новый", None)
    assert view.created_by == PersonRef(
        id=recruiter.user_id, first_name="Recruiter", last_name="Tester"
    )
    assert view.created_at == view.updated_at == world.clock.now()
    assert view.version == 1
    assert await world.run(GetInterview, recruiter, view.id) == view


async def test_start_refuses_a_second_live_interview_of_the_pair(world: World, company: Company):
    candidate, vacancy = company.candidate(), company.vacancy()
    await world.start(company[Role.ADMIN], candidate, vacancy)
    with pytest.raises(AlreadyExists):
        await world.start(company[Role.MANAGER], candidate, vacancy)
    assert not world.last_committed
    # another vacancy for the same candidate is fine
    await world.start(company[Role.MANAGER], candidate, company.vacancy())


async def test_the_repository_itself_refuses_a_duplicate_live_pair(world: World, company: Company):
    """What the partial unique index guarantees in PostgreSQL, the memory adapter mirrors."""
    candidate, vacancy = company.candidate(), company.vacancy()
    view = await world.start(company[Role.ADMIN], candidate, vacancy)
    interviews = InMemoryInterviewRepository(world.store)
    stored = await interviews.get(company.id, view.id)
    assert stored is not None
    stored.id = uuid4()
    with pytest.raises(AlreadyExists):
        await interviews.add(stored)


async def test_start_after_the_pair_was_deleted_is_allowed(world: World, company: Company):
    candidate, vacancy = company.candidate(), company.vacancy()
    first = await world.start(company[Role.ADMIN], candidate, vacancy)
    await world.run(DeleteInterview, company[Role.ADMIN], DeleteInterviewRequest(first.id))
    second = await world.start(company[Role.ADMIN], candidate, vacancy)
    assert second.id != first.id


async def test_start_needs_a_live_candidate_and_vacancy_of_the_callers_company(
    world: World, company: Company, other: Company
):
    admin = company[Role.ADMIN]
    foreign_candidate, foreign_vacancy = other.candidate(), other.vacancy()
    with pytest.raises(InvalidInput) as error:
        await world.start(admin, foreign_candidate, foreign_vacancy)
    assert problems_of(error) == {
        "candidate_id": "no such candidate in your company",
        "vacancy_id": "no such vacancy in your company",
    }

    deleted_candidate, deleted_vacancy = company.candidate(), company.vacancy()
    world.mark_deleted("candidates", deleted_candidate.id)
    world.mark_deleted("vacancies", deleted_vacancy.id)
    with pytest.raises(InvalidInput) as error:
        await world.start(admin, deleted_candidate, company.vacancy())
    assert set(problems_of(error)) == {"candidate_id"}
    with pytest.raises(InvalidInput) as error:
        await world.start(admin, company.candidate(), deleted_vacancy)
    assert set(problems_of(error)) == {"vacancy_id"}

    with pytest.raises(InvalidInput) as error:
        await world.run(StartInterview, admin, StartInterviewRequest(uuid4(), company.vacancy().id))
    assert set(problems_of(error)) == {"candidate_id"}
    assert world.store.table("interviews") == {}


# --- stage moves ------------------------------------------------------------------------------


async def test_a_move_records_old_and_new_stage_note_author_and_time_in_stage(
    world: World, company: Company
):
    interview = await world.start(company[Role.RECRUITER], company.candidate(), company.vacancy())
    world.clock.advance(minutes=90)
    manager = company[Role.MANAGER]

    result = await world.move(manager, interview.id, 4, note="  HR call booked  ")

    assert world.last_committed
    assert result.old_stage == StageRef(1, "Новый", None)
    assert result.new_stage == StageRef(4, "HR собеседование", 2)
    assert result.note == "HR call booked"
    assert result.seconds_in_old_stage == 90 * 60
    assert result.created_by == PersonRef(
        id=manager.user_id, first_name="Manager", last_name="Tester"
    )
    assert result.created_at == world.clock.now()

    moved = await world.run(GetInterview, manager, interview.id)
    assert moved.stage == StageRef(4, "HR собеседование", 2)
    assert moved.version == 2
    assert moved.updated_at == world.clock.now()
    assert await world.run(GetStageResult, manager, interview.id, result.id) == result


async def test_the_history_is_a_chain_oldest_first(world: World, company: Company):
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    for stage, minutes in ((4, 5), (5, 60), (7, 30), (10, 15)):
        world.clock.advance(minutes=minutes)
        await world.move(recruiter, interview.id, stage)

    history = await world.history(company[Role.CUSTOMER], interview.id)

    pairs = [(r.old_stage.code, r.new_stage.code) for r in history]
    assert pairs == [(1, 4), (4, 5), (5, 7), (7, 10)]
    assert [r.seconds_in_old_stage for r in history] == [300, 3600, 1800, 900]
    current = await world.run(GetInterview, recruiter, interview.id)
    assert current.stage.code == history[-1].new_stage.code == 10


async def test_a_move_to_the_current_stage_is_a_conflict_and_records_nothing(
    world: World, company: Company
):
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    await world.move(recruiter, interview.id, 2)
    with pytest.raises(RuleConflict):
        await world.move(recruiter, interview.id, 2)
    assert not world.last_committed
    assert len(await world.history(recruiter, interview.id)) == 1
    assert (await world.run(GetInterview, recruiter, interview.id)).version == 2


async def test_a_move_from_a_named_stage_needs_the_interview_to_be_there(
    world: World, company: Company
):
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    start = interview.stage.code
    moved = MoveInterviewStageRequest(interview.id, 2, None, from_stage_code=start)
    assert (await world.run(MoveInterviewStage, recruiter, moved)).new_stage.code == 2
    stale = MoveInterviewStageRequest(interview.id, 3, None, from_stage_code=start)
    with pytest.raises(Conflict):
        await world.run(MoveInterviewStage, recruiter, stale)
    assert not world.last_committed
    assert len(await world.history(recruiter, interview.id)) == 1


@pytest.mark.parametrize("code", [0, 11, 999, -1])
async def test_a_move_to_an_unknown_stage_is_invalid(world: World, company: Company, code: int):
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    with pytest.raises(InvalidInput) as error:
        await world.move(recruiter, interview.id, code)
    assert set(problems_of(error)) == {"new_stage_code"}
    assert await world.history(recruiter, interview.id) == []


async def test_a_move_to_an_archived_stage_is_invalid(world: World, company: Company):
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    world.catalog.archived_stages = {6}
    with pytest.raises(InvalidInput) as error:
        await world.move(recruiter, interview.id, 6)
    assert set(problems_of(error)) == {"new_stage_code"}
    await world.move(recruiter, interview.id, 5)  # a live stage still works


async def test_a_too_long_note_is_invalid_and_moves_nothing(world: World, company: Company):
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    with pytest.raises(InvalidInput) as error:
        await world.move(recruiter, interview.id, 2, note="x" * 2001)
    assert set(problems_of(error)) == {"note"}
    assert (await world.run(GetInterview, recruiter, interview.id)).stage.code == 1
    assert await world.history(recruiter, interview.id) == []


async def test_a_stale_expected_version_moves_nothing(world: World, company: Company):
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    await world.move(recruiter, interview.id, 2, expected_version=1)
    with pytest.raises(PreconditionFailed):
        await world.move(recruiter, interview.id, 3, expected_version=1)
    current = await world.run(GetInterview, recruiter, interview.id)
    assert (current.stage.code, current.version) == (2, 2)
    await world.move(recruiter, interview.id, 3, expected_version=2)


async def test_a_deleted_interview_cannot_move(world: World, company: Company):
    admin = company[Role.ADMIN]
    interview = await world.start(admin, company.candidate(), company.vacancy())
    await world.run(DeleteInterview, admin, DeleteInterviewRequest(interview.id))
    with pytest.raises(NotFound):
        await world.move(admin, interview.id, 2)


# --- stage results ----------------------------------------------------------------------------


async def test_deleting_a_stage_result_hides_it_and_keeps_the_interviews_stage(
    world: World, company: Company
):
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    first = await world.move(recruiter, interview.id, 2)
    second = await world.move(recruiter, interview.id, 5)

    await world.run(DeleteStageResult, company[Role.MANAGER], interview.id, second.id)

    assert world.last_committed
    assert [r.id for r in await world.history(recruiter, interview.id)] == [first.id]
    with pytest.raises(NotFound):
        await world.run(GetStageResult, recruiter, interview.id, second.id)
    with pytest.raises(NotFound):  # twice: it is gone
        await world.run(DeleteStageResult, recruiter, interview.id, second.id)
    current = await world.run(GetInterview, recruiter, interview.id)
    assert (current.stage.code, current.version) == (5, 3)


async def test_a_stage_result_belongs_to_its_interview(world: World, company: Company):
    recruiter = company[Role.RECRUITER]
    one = await world.start(recruiter, company.candidate(), company.vacancy())
    two = await world.start(recruiter, company.candidate(), company.vacancy())
    result = await world.move(recruiter, one.id, 2)
    with pytest.raises(NotFound):
        await world.run(GetStageResult, recruiter, two.id, result.id)
    with pytest.raises(NotFound):
        await world.run(DeleteStageResult, recruiter, two.id, result.id)
    assert [r.id for r in await world.history(recruiter, one.id)] == [result.id]


async def test_the_history_of_a_deleted_interview_is_not_found(world: World, company: Company):
    admin = company[Role.ADMIN]
    interview = await world.start(admin, company.candidate(), company.vacancy())
    result = await world.move(admin, interview.id, 2)
    await world.run(DeleteInterview, admin, DeleteInterviewRequest(interview.id))
    with pytest.raises(NotFound):
        await world.history(admin, interview.id)
    with pytest.raises(NotFound):
        await world.run(GetStageResult, admin, interview.id, result.id)
    with pytest.raises(NotFound):
        await world.run(DeleteStageResult, admin, interview.id, result.id)


async def test_stage_results_are_paged_with_the_total(world: World, company: Company):
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    for stage in (2, 4, 5, 6, 7):
        await world.move(recruiter, interview.id, stage)
    page = await world.run(
        ListStageResults, recruiter, ListStageResultsRequest(interview.id, limit=2, offset=2)
    )
    assert page.count == 5
    assert [(r.old_stage.code, r.new_stage.code) for r in page.items] == [(4, 5), (5, 6)]
    with pytest.raises(InvalidInput):
        await world.run(ListStageResults, recruiter, ListStageResultsRequest(interview.id, 0))


# --- delete and restore -----------------------------------------------------------------------


async def test_delete_hides_the_interview_and_restore_brings_it_back_at_its_stage(
    world: World, company: Company
):
    admin = company[Role.ADMIN]
    interview = await world.start(admin, company.candidate(), company.vacancy())
    await world.move(admin, interview.id, 4)

    await world.run(DeleteInterview, company[Role.RECRUITER], DeleteInterviewRequest(interview.id))
    assert world.last_committed
    with pytest.raises(NotFound):
        await world.run(GetInterview, admin, interview.id)
    assert interview.id not in await world.listed(admin)
    with pytest.raises(NotFound):  # deleting twice: it is gone
        await world.run(DeleteInterview, admin, DeleteInterviewRequest(interview.id))

    restored = await world.run(RestoreInterview, company[Role.MANAGER], interview.id)
    assert world.last_committed
    assert restored.stage.code == 4
    assert restored.version == 4  # start 1, move 2, delete 3, restore 4
    assert interview.id in await world.listed(admin)
    assert len(await world.history(admin, interview.id)) == 1

    again = await world.run(RestoreInterview, admin, interview.id)  # live already: no change
    assert again == restored


async def test_delete_with_a_stale_expected_version_changes_nothing(world: World, company: Company):
    admin = company[Role.ADMIN]
    interview = await world.start(admin, company.candidate(), company.vacancy())
    await world.move(admin, interview.id, 2)
    with pytest.raises(PreconditionFailed):
        await world.run(DeleteInterview, admin, DeleteInterviewRequest(interview.id, 1))
    assert (await world.run(GetInterview, admin, interview.id)).version == 2
    await world.run(DeleteInterview, admin, DeleteInterviewRequest(interview.id, 2))
    with pytest.raises(NotFound):
        await world.run(GetInterview, admin, interview.id)


async def test_restore_is_refused_while_another_live_interview_of_the_pair_exists(
    world: World, company: Company
):
    admin = company[Role.ADMIN]
    candidate, vacancy = company.candidate(), company.vacancy()
    first = await world.start(admin, candidate, vacancy)
    await world.run(DeleteInterview, admin, DeleteInterviewRequest(first.id))
    second = await world.start(admin, candidate, vacancy)

    with pytest.raises(AlreadyExists):
        await world.run(RestoreInterview, admin, first.id)
    assert not world.last_committed
    assert await world.listed(admin) == [second.id]


async def test_restore_of_an_unknown_interview_is_not_found(world: World, company: Company):
    with pytest.raises(NotFound):
        await world.run(RestoreInterview, company[Role.ADMIN], uuid4())


# --- hidden with their candidate or vacancy ---------------------------------------------------


@pytest.mark.parametrize("party", ["candidate", "vacancy"])
async def test_interviews_of_a_deleted_candidate_or_vacancy_are_hidden_everywhere(
    world: World, company: Company, party: str
):
    admin = company[Role.ADMIN]
    candidate, vacancy = company.candidate(), company.vacancy()
    hidden = await world.start(admin, candidate, vacancy)
    result = await world.move(admin, hidden.id, 2)
    shown = await world.start(admin, company.candidate(), company.vacancy())

    table, row_id = (
        ("candidates", candidate.id) if party == "candidate" else ("vacancies", vacancy.id)
    )
    world.mark_deleted(table, row_id)

    assert await world.listed(admin) == [shown.id]
    for use_case, args in (
        (GetInterview, (hidden.id,)),
        (GetStageResult, (hidden.id, result.id)),
        (DeleteStageResult, (hidden.id, result.id)),
        (RestoreInterview, (hidden.id,)),
        (DeleteInterview, (DeleteInterviewRequest(hidden.id),)),
        (ListStageResults, (ListStageResultsRequest(hidden.id),)),
    ):
        with pytest.raises(NotFound):
            await world.run(use_case, admin, *args)
    with pytest.raises(NotFound):
        await world.move(admin, hidden.id, 3)

    world.mark_deleted(table, row_id, deleted=False)
    assert set(await world.listed(admin)) == {hidden.id, shown.id}


# --- list -------------------------------------------------------------------------------------


async def test_every_filter_narrows_the_list(world: World, company: Company):
    recruiter, manager = company[Role.RECRUITER], company[Role.MANAGER]
    anna, boris = company.candidate("Anna"), company.candidate("Boris")
    urgent = company.vacancy(priority_code=4, deadline=date(2026, 12, 10))
    calm = company.vacancy(priority_code=1, deadline=date(2027, 3, 1))
    open_ended = company.vacancy(priority_code=1, deadline=None)

    a_urgent = await world.start(recruiter, anna, urgent)
    a_calm = await world.start(manager, anna, calm)
    b_urgent = await world.start(recruiter, boris, urgent)
    b_open = await world.start(manager, boris, open_ended)
    await world.move(recruiter, a_calm.id, 4)
    await world.move(recruiter, b_urgent.id, 4)

    every = {a_urgent.id, a_calm.id, b_urgent.id, b_open.id}
    assert set(await world.listed(recruiter)) == every
    assert set(await world.listed(recruiter, candidate_id=anna.id)) == {a_urgent.id, a_calm.id}
    assert set(await world.listed(recruiter, vacancy_id=urgent.id)) == {a_urgent.id, b_urgent.id}
    assert set(await world.listed(recruiter, created_by=manager.user_id)) == {
        a_calm.id,
        b_open.id,
    }
    assert set(await world.listed(recruiter, stage_code=4)) == {a_calm.id, b_urgent.id}
    assert set(await world.listed(recruiter, stage_code=1)) == {a_urgent.id, b_open.id}
    assert set(await world.listed(recruiter, vacancy_priority_code=4)) == {
        a_urgent.id,
        b_urgent.id,
    }
    assert set(await world.listed(recruiter, vacancy_deadline_from=date(2027, 1, 1))) == {a_calm.id}
    assert set(await world.listed(recruiter, vacancy_deadline_to=date(2026, 12, 10))) == {
        a_urgent.id,
        b_urgent.id,
    }
    assert set(
        await world.listed(
            recruiter,
            vacancy_deadline_from=date(2026, 12, 10),
            vacancy_deadline_to=date(2027, 3, 1),
        )
    ) == {a_urgent.id, a_calm.id, b_urgent.id}
    assert await world.listed(
        recruiter, candidate_id=boris.id, stage_code=4, vacancy_priority_code=4
    ) == [b_urgent.id]
    assert await world.listed(recruiter, candidate_id=anna.id, vacancy_id=open_ended.id) == []


async def test_a_deadline_range_upside_down_is_invalid(world: World, company: Company):
    with pytest.raises(InvalidInput) as error:
        await world.listed(
            company[Role.ADMIN],
            vacancy_deadline_from=date(2027, 1, 2),
            vacancy_deadline_to=date(2027, 1, 1),
        )
    assert set(problems_of(error)) == {"vacancy_deadline_to"}


async def test_sorting_by_created_and_updated_at_with_ties_by_id(world: World, company: Company):
    admin = company[Role.ADMIN]
    views = []
    for _ in range(3):
        views.append(await world.start(admin, company.candidate(), company.vacancy()))
        world.clock.advance(minutes=1)
    tied = await world.start(admin, company.candidate(), company.vacancy())  # same time as next
    last = await world.start(admin, company.candidate(), company.vacancy())
    first, second, third = (v.id for v in views)

    assert await world.listed(admin) == [last.id, tied.id, third, second, first]
    assert await world.listed(admin, sort="created_at") == [first, second, third, tied.id, last.id]

    world.clock.advance(minutes=1)
    await world.move(admin, first, 2)
    assert (await world.listed(admin, sort="-updated_at"))[0] == first
    assert (await world.listed(admin, sort="updated_at"))[-1] == first

    with pytest.raises(InvalidInput) as error:
        await world.listed(admin, sort="stage_code")
    assert set(problems_of(error)) == {"sort"}


async def test_the_list_is_paged_and_counts_every_match(world: World, company: Company):
    admin = company[Role.ADMIN]
    ids = []
    for _ in range(5):
        ids.append((await world.start(admin, company.candidate(), company.vacancy())).id)
        world.clock.advance(seconds=1)
    request = ListRequest(filters=InterviewFilters(), sort="created_at", limit=2, offset=3)
    page = await world.run(ListInterviews, admin, request)
    assert page.count == 5
    assert [item.id for item in page.items] == ids[3:5]
    beyond = await world.run(
        ListInterviews, admin, ListRequest(filters=InterviewFilters(), limit=2, offset=10)
    )
    assert (beyond.items, beyond.count) == ([], 5)
    for limit, offset in ((0, 0), (201, 0), (10, -1)):
        with pytest.raises(InvalidInput):
            await world.run(
                ListInterviews,
                admin,
                ListRequest(filters=InterviewFilters(), limit=limit, offset=offset),
            )


# --- tenancy ----------------------------------------------------------------------------------


async def test_another_companys_interview_is_not_found_for_every_use_case(
    world: World, company: Company, other: Company
):
    owner = company[Role.ADMIN]
    interview = await world.start(owner, company.candidate(), company.vacancy())
    result = await world.move(owner, interview.id, 2)
    stranger = other[Role.ADMIN]

    for use_case, args in (
        (GetInterview, (interview.id,)),
        (DeleteInterview, (DeleteInterviewRequest(interview.id),)),
        (RestoreInterview, (interview.id,)),
        (ListStageResults, (ListStageResultsRequest(interview.id),)),
        (GetStageResult, (interview.id, result.id)),
        (DeleteStageResult, (interview.id, result.id)),
    ):
        with pytest.raises(NotFound):
            await world.run(use_case, stranger, *args)
    with pytest.raises(NotFound):
        await world.move(stranger, interview.id, 3)
    assert await world.listed(stranger) == []
    assert await world.listed(stranger, candidate_id=interview.candidate.id) == []

    unchanged = await world.run(GetInterview, owner, interview.id)
    assert (unchanged.stage.code, unchanged.version) == (2, 2)
    assert [r.id for r in await world.history(owner, interview.id)] == [result.id]


# --- roles ------------------------------------------------------------------------------------


def test_the_matrix_gives_interviews_to_hiring_staff_and_reading_to_customers():
    rules = PERMISSIONS[Resource.INTERVIEWS]
    assert rules[Action.READ] == frozenset(READERS)
    for action in (Action.CREATE, Action.UPDATE, Action.DELETE):
        assert rules[action] == frozenset(WRITERS)


async def _attempt(world: World, company: Company, caller: Caller, operation: str) -> None:
    admin = company[Role.ADMIN]
    interview = await world.start(admin, company.candidate(), company.vacancy())
    result = await world.move(admin, interview.id, 2)
    if operation == "start":
        await world.start(caller, company.candidate(), company.vacancy())
    elif operation == "get":
        await world.run(GetInterview, caller, interview.id)
    elif operation == "list":
        await world.listed(caller)
    elif operation == "delete":
        await world.run(DeleteInterview, caller, DeleteInterviewRequest(interview.id))
    elif operation == "restore":
        await world.run(DeleteInterview, admin, DeleteInterviewRequest(interview.id))
        await world.run(RestoreInterview, caller, interview.id)
    elif operation == "move":
        await world.move(caller, interview.id, 3)
    elif operation == "history":
        await world.history(caller, interview.id)
    elif operation == "get_result":
        await world.run(GetStageResult, caller, interview.id, result.id)
    elif operation == "delete_result":
        await world.run(DeleteStageResult, caller, interview.id, result.id)


OPERATIONS = {
    "start": WRITERS,
    "get": READERS,
    "list": READERS,
    "delete": WRITERS,
    "restore": WRITERS,
    "move": WRITERS,
    "history": READERS,
    "get_result": READERS,
    "delete_result": WRITERS,
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
async def test_roles(world: World, company: Company, operation: str, role: Role):
    caller = company[role]
    if role in OPERATIONS[operation]:
        await _attempt(world, company, caller, operation)
    else:
        with pytest.raises(AccessDenied):
            await _attempt(world, company, caller, operation)
        assert not world.last_committed


async def test_a_refused_role_changes_nothing(world: World, company: Company):
    admin = company[Role.ADMIN]
    interview = await world.start(admin, company.candidate(), company.vacancy())
    for role in (Role.EMPLOYEE, Role.CUSTOMER):
        with pytest.raises(AccessDenied):
            await world.move(company[role], interview.id, 2)
        with pytest.raises(AccessDenied):
            await world.run(DeleteInterview, company[role], DeleteInterviewRequest(interview.id))
    current = await world.run(GetInterview, admin, interview.id)
    assert (current.stage.code, current.version) == (1, 1)
    assert await world.history(admin, interview.id) == []


async def test_the_clock_moves_time_in_stage(world: World, company: Company):
    admin = company[Role.ADMIN]
    interview = await world.start(admin, company.candidate(), company.vacancy())
    world.clock.advance(timedelta(days=2))
    result = await world.move(admin, interview.id, 2)
    assert result.seconds_in_old_stage == 2 * 24 * 3600
