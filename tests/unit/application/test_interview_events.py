"""The events of the interview use cases: exactly one per change, with its diff, by the caller,
and none for a failed or empty request."""

from __future__ import annotations

import pytest

from application.errors import AlreadyExists, Conflict, NotFound, PreconditionFailed
from application.interviews.delete_interview import DeleteInterview, DeleteInterviewRequest
from application.interviews.delete_stage_result import DeleteStageResult
from application.interviews.move_interview_stage import (
    MoveInterviewStage,
    MoveInterviewStageRequest,
)
from application.interviews.restore_interview import RestoreInterview
from domain.errors import InvalidInput, RuleConflict
from domain.events.event import Event
from domain.identity.role import Role
from tests.support.events import changes_of, events_of
from tests.unit.application.test_interviews import Company, World


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def company(world: World) -> Company:
    return Company(world)


def types_of(world: World) -> list[str]:
    return [event.type for event in events_of(world.store)]


def last_event(world: World) -> Event:
    return events_of(world.store)[-1]


async def test_a_start_records_the_created_interview(world: World, company: Company) -> None:
    candidate, vacancy = company.candidate(), company.vacancy()
    recruiter = company[Role.RECRUITER]

    view = await world.start(recruiter, candidate, vacancy)

    [event] = events_of(world.store)
    assert (event.type, event.entity.type, event.entity.id) == (
        "interview.created",
        "interview",
        view.id,
    )
    assert (event.actor_id, event.company_id) == (recruiter.user_id, company.id)
    assert event.occurred_at == world.clock.now()
    assert changes_of(event) == {
        "candidate_id": (None, candidate.id),
        "vacancy_id": (None, vacancy.id),
        "stage_code": (None, 1),
    }


async def test_a_refused_start_records_nothing(world: World, company: Company) -> None:
    candidate, vacancy = company.candidate(), company.vacancy()
    admin = company[Role.ADMIN]
    await world.start(admin, candidate, vacancy)
    with pytest.raises(AlreadyExists):
        await world.start(admin, candidate, vacancy)
    world.mark_deleted("candidates", candidate.id)
    with pytest.raises(InvalidInput):
        await world.start(admin, candidate, company.vacancy())
    assert types_of(world) == ["interview.created"]


async def test_a_move_records_the_stage_change_and_the_added_result(
    world: World, company: Company
) -> None:
    interview = await world.start(company[Role.RECRUITER], company.candidate(), company.vacancy())
    world.clock.advance(minutes=90)
    manager = company[Role.MANAGER]

    result = await world.move(manager, interview.id, 4, note="  HR call booked  ")

    event = last_event(world)
    assert types_of(world) == ["interview.created", "interview.stage_changed"]
    assert (event.entity.type, event.entity.id) == ("interview", interview.id)
    assert (event.actor_id, event.company_id) == (manager.user_id, company.id)
    assert event.occurred_at == world.clock.now()
    assert changes_of(event) == {
        "stage_code": (1, 4),
        f"stage_results[{result.id}]": (
            None,
            {
                "old_stage_code": 1,
                "new_stage_code": 4,
                "note": "HR call booked",
                "seconds_in_old_stage": 90 * 60,
            },
        ),
    }


async def test_every_move_of_a_chain_is_its_own_event(world: World, company: Company) -> None:
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    for stage in (2, 4, 5):
        await world.move(recruiter, interview.id, stage)
    moves = [event for event in events_of(world.store) if event.type == "interview.stage_changed"]
    assert [changes_of(event)["stage_code"] for event in moves] == [(1, 2), (2, 4), (4, 5)]


async def test_a_failed_move_records_nothing(world: World, company: Company) -> None:
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    await world.move(recruiter, interview.id, 2, expected_version=1)
    recorded = types_of(world)

    with pytest.raises(RuleConflict):  # to the stage it is at
        await world.move(recruiter, interview.id, 2)
    with pytest.raises(PreconditionFailed):  # a stale version
        await world.move(recruiter, interview.id, 3, expected_version=1)
    with pytest.raises(InvalidInput):  # an unknown stage
        await world.move(recruiter, interview.id, 999)
    with pytest.raises(InvalidInput):  # a too long note
        await world.move(recruiter, interview.id, 3, note="x" * 2001)
    with pytest.raises(Conflict):  # from a stage it is not at
        await world.run(
            MoveInterviewStage,
            recruiter,
            MoveInterviewStageRequest(interview.id, 3, None, from_stage_code=1),
        )

    assert types_of(world) == recorded == ["interview.created", "interview.stage_changed"]


async def test_deleting_a_stage_result_records_the_removed_result(
    world: World, company: Company
) -> None:
    recruiter = company[Role.RECRUITER]
    interview = await world.start(recruiter, company.candidate(), company.vacancy())
    world.clock.advance(minutes=5)
    result = await world.move(recruiter, interview.id, 2, note="screened")
    manager = company[Role.MANAGER]

    await world.run(DeleteStageResult, manager, interview.id, result.id)

    event = last_event(world)
    assert event.type == "interview.stage_result_deleted"
    assert (event.entity.type, event.entity.id) == ("interview", interview.id)
    assert event.actor_id == manager.user_id
    assert changes_of(event) == {
        f"stage_results[{result.id}]": (
            {
                "old_stage_code": 1,
                "new_stage_code": 2,
                "note": "screened",
                "seconds_in_old_stage": 300,
            },
            None,
        )
    }

    with pytest.raises(NotFound):  # gone already: nothing more to record
        await world.run(DeleteStageResult, manager, interview.id, result.id)
    assert types_of(world) == [
        "interview.created",
        "interview.stage_changed",
        "interview.stage_result_deleted",
    ]


async def test_delete_and_restore_are_events_and_a_live_restore_is_none(
    world: World, company: Company
) -> None:
    admin, recruiter, manager = (
        company[role] for role in (Role.ADMIN, Role.RECRUITER, Role.MANAGER)
    )
    interview = await world.start(admin, company.candidate(), company.vacancy())

    await world.run(DeleteInterview, recruiter, DeleteInterviewRequest(interview.id))
    await world.run(RestoreInterview, manager, interview.id)
    await world.run(RestoreInterview, admin, interview.id)  # live already: nothing happens

    created, deleted, restored = events_of(world.store)
    assert created.type == "interview.created"
    assert (deleted.type, deleted.entity.id, deleted.actor_id, deleted.changes) == (
        "interview.deleted",
        interview.id,
        recruiter.user_id,
        (),
    )
    assert (restored.type, restored.entity.id, restored.actor_id, restored.changes) == (
        "interview.restored",
        interview.id,
        manager.user_id,
        (),
    )


async def test_a_failed_delete_or_restore_records_nothing(world: World, company: Company) -> None:
    admin = company[Role.ADMIN]
    candidate, vacancy = company.candidate(), company.vacancy()
    first = await world.start(admin, candidate, vacancy)

    with pytest.raises(PreconditionFailed):  # a stale version
        await world.run(DeleteInterview, admin, DeleteInterviewRequest(first.id, 7))
    assert types_of(world) == ["interview.created"]

    await world.run(DeleteInterview, admin, DeleteInterviewRequest(first.id))
    with pytest.raises(NotFound):  # deleted already
        await world.run(DeleteInterview, admin, DeleteInterviewRequest(first.id))
    await world.start(admin, candidate, vacancy)
    with pytest.raises(AlreadyExists):  # another live interview of the pair
        await world.run(RestoreInterview, admin, first.id)

    assert types_of(world) == ["interview.created", "interview.deleted", "interview.created"]
