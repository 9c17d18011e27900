"""Concurrent stage moves and starts on real PostgreSQL, through the use cases, each call in
its own PgSession (its own connection and transaction) on one engine, as in the app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from uuid import UUID

import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.engine import create_engine
from adapters.postgres.events import SqlaEventLog
from adapters.postgres.interview_queries import SqlaInterviewQueries
from adapters.postgres.interviews import (
    SqlaInterviewParties,
    SqlaInterviewRepository,
    SqlaStageResultRepository,
)
from adapters.postgres.reference_catalog import SqlaReferenceCatalog
from adapters.postgres.session import PgSession, PgUnitOfWork
from adapters.postgres.tables import events, interview_stage_results, interviews
from adapters.system import SystemClock, Uuid7Generator
from application.caller import Caller
from application.errors import AlreadyExists, Conflict, PreconditionFailed
from application.events.recorder import EventRecorder
from application.interviews.move_interview_stage import (
    MoveInterviewStage,
    MoveInterviewStageRequest,
)
from application.interviews.start_interview import StartInterview, StartInterviewRequest
from domain.errors import RuleConflict
from domain.identity.role import Role
from domain.interviews.interview import Interview
from tests.support.hiring import HiringRows, insert_company

MOVES = 20
LOSSES = (Conflict, PreconditionFailed, RuleConflict)


@pytest_asyncio.fixture(loop_scope="session")
async def engine(migrated_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(migrated_database_url, pool_size=MOVES + 5)
    try:
        yield engine
    finally:
        await engine.dispose()


@dataclass
class Scene:
    """A company of its own, and its recruiter making every call."""

    rows: HiringRows
    caller: Caller


@pytest_asyncio.fixture(loop_scope="session")
async def scene(engine: AsyncEngine) -> Scene:
    company_id, user_ids = await insert_company(engine)
    recruiter = user_ids[Role.RECRUITER]
    return Scene(
        HiringRows(engine, company_id, recruiter), Caller(recruiter, company_id, Role.RECRUITER)
    )


def _events(session: PgSession) -> EventRecorder:
    return EventRecorder(SqlaEventLog(session), SystemClock(), Uuid7Generator())


def _move(session: PgSession) -> MoveInterviewStage:
    return MoveInterviewStage(
        SqlaInterviewRepository(session),
        SqlaStageResultRepository(session),
        SqlaReferenceCatalog(session),
        SqlaInterviewQueries(session),
        SystemClock(),
        Uuid7Generator(),
        _events(session),
        PgUnitOfWork(session),
    )


def _start(session: PgSession) -> StartInterview:
    return StartInterview(
        SqlaInterviewRepository(session),
        SqlaInterviewParties(session),
        SqlaInterviewQueries(session),
        SystemClock(),
        Uuid7Generator(),
        _events(session),
        PgUnitOfWork(session),
    )


async def _in_own_session(
    engine: AsyncEngine, build: Callable[[PgSession], Any], caller: Caller, request: Any
) -> Any:
    """One request: its own session; closing it without a commit rolls back."""
    session = PgSession(engine)
    try:
        return await build(session).execute(caller, request)
    except Exception as error:
        return error
    finally:
        await session.close()


async def _history(engine: AsyncEngine, interview_id: UUID) -> list[Any]:
    results = interview_stage_results
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(results)
            .where(results.c.interview_id == interview_id)
            .order_by(results.c.created_at, results.c.id)
        )
        return list(rows)


async def _event_types(engine: AsyncEngine, interview_id: UUID) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(events.c.type)
            .where(events.c.entity_type == "interview", events.c.entity_id == interview_id)
            .order_by(events.c.id)
        )
        return list(rows.scalars())


async def _stored(engine: AsyncEngine, interview_id: UUID) -> Any:
    async with engine.connect() as connection:
        rows = await connection.execute(select(interviews).where(interviews.c.id == interview_id))
        return rows.one()


async def _new_interview(engine: AsyncEngine, scene: Scene) -> UUID:
    request = StartInterviewRequest(await scene.rows.candidate(), await scene.rows.vacancy())
    view = await _in_own_session(engine, _start, scene.caller, request)
    assert not isinstance(view, Exception), view
    return view.id


def _assert_clean_chain(history: list[Any], final_stage: int) -> None:
    assert history, "at least one move won"
    assert history[0].old_stage_code == 1
    for previous, current in pairwise(history):
        assert current.old_stage_code == previous.new_stage_code, (previous, current)
    for result in history:
        assert result.old_stage_code != result.new_stage_code
    assert history[-1].new_stage_code == final_stage


async def test_twenty_concurrent_moves_leave_a_clean_chain(engine: AsyncEngine, scene: Scene):
    interview_id = await _new_interview(engine, scene)
    caller = scene.caller
    # Moves between a few stages, so some find the interview already where they want it.
    targets = [(2, 4, 5, 2, 7)[i % 5] for i in range(MOVES)]
    requests = [
        MoveInterviewStageRequest(interview_id, stage, f"move {i}")
        for i, stage in enumerate(targets)
    ]

    outcomes = await asyncio.gather(
        *(_in_own_session(engine, _move, caller, request) for request in requests)
    )

    wins = [o for o in outcomes if not isinstance(o, Exception)]
    losses = [o for o in outcomes if isinstance(o, Exception)]
    assert all(isinstance(loss, LOSSES) for loss in losses), losses
    assert wins, outcomes
    history = await _history(engine, interview_id)
    stored = await _stored(engine, interview_id)
    # nothing half-applied: one record and one version per winning move, none for a loser
    assert len(history) == len(wins)
    assert stored.version == 1 + len(wins)
    assert {r.id for r in history} == {w.id for w in wins}
    _assert_clean_chain(history, stored.stage_code)
    # one event per winning move, none for a loser: the event shares the move's transaction
    moved = ["interview.stage_changed"] * len(wins)
    assert await _event_types(engine, interview_id) == ["interview.created", *moved]
    for win in wins:
        assert win.old_stage.code != win.new_stage.code


async def test_concurrent_moves_with_the_same_if_match_let_exactly_one_win(
    engine: AsyncEngine, scene: Scene
):
    interview_id = await _new_interview(engine, scene)
    caller = scene.caller
    requests = [
        MoveInterviewStageRequest(interview_id, (2, 4, 5, 6, 7)[i % 5], None, expected_version=1)
        for i in range(MOVES)
    ]

    outcomes = await asyncio.gather(
        *(_in_own_session(engine, _move, caller, request) for request in requests)
    )

    wins = [o for o in outcomes if not isinstance(o, Exception)]
    losses = [o for o in outcomes if isinstance(o, Exception)]
    assert len(wins) == 1
    assert len(losses) == MOVES - 1
    assert all(isinstance(loss, PreconditionFailed) for loss in losses), losses
    history = await _history(engine, interview_id)
    stored = await _stored(engine, interview_id)
    assert [r.id for r in history] == [wins[0].id]
    assert stored.version == 2
    _assert_clean_chain(history, stored.stage_code)


async def test_concurrent_starts_of_one_pair_create_exactly_one(engine: AsyncEngine, scene: Scene):
    caller = scene.caller
    for _ in range(5):
        request = StartInterviewRequest(await scene.rows.candidate(), await scene.rows.vacancy())
        outcomes = await asyncio.gather(
            *(_in_own_session(engine, _start, caller, request) for _ in range(2))
        )
        created = [o for o in outcomes if not isinstance(o, Exception)]
        refused = [o for o in outcomes if isinstance(o, Exception)]
        assert len(created) == 1, outcomes
        assert len(refused) == 1 and isinstance(refused[0], AlreadyExists), refused
        async with engine.connect() as connection:
            live = await connection.execute(
                select(interviews.c.id).where(
                    interviews.c.candidate_id == request.candidate_id,
                    interviews.c.vacancy_id == request.vacancy_id,
                    interviews.c.deleted_at.is_(None),
                )
            )
            assert [row.id for row in live] == [created[0].id]


async def test_the_partial_unique_index_refuses_a_second_live_pair_even_past_the_check(
    engine: AsyncEngine, scene: Scene
):
    """Two transactions both past the use case's check: the index lets one insert through
    and turns the other into AlreadyExists once the first commits."""
    caller = scene.caller
    candidate_id, vacancy_id = await scene.rows.candidate(), await scene.rows.vacancy()
    ids, clock = Uuid7Generator(), SystemClock()

    def interview() -> Interview:
        return Interview.start(
            ids.new_id(),
            scene.rows.company_id,
            candidate_id,
            vacancy_id,
            caller.user_id,
            clock.now(),
        )

    first, second = PgSession(engine), PgSession(engine)
    try:
        await SqlaInterviewRepository(first).add(interview())
        blocked = asyncio.create_task(SqlaInterviewRepository(second).add(interview()))
        await asyncio.sleep(0.2)
        assert not blocked.done(), "the second insert waits for the first transaction"
        await first.commit()
        with pytest.raises(AlreadyExists, match="interview of this candidate"):
            await blocked
    finally:
        await first.close()
        await second.close()

    async with engine.connect() as connection:
        count = await connection.execute(
            select(interviews.c.id).where(
                interviews.c.candidate_id == candidate_id, interviews.c.deleted_at.is_(None)
            )
        )
        assert len(list(count)) == 1
