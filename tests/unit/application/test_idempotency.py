"""The idempotency use cases on the in-memory adapters: a request is a HeldCommit over its own
unit of work and its own records (which hold keys until `end()`, as a transaction would)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

import pytest

from adapters.memory.idempotency import InMemoryIdempotencyRecords, InMemoryKeyLocks
from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from application.caller import Caller
from application.errors import IdempotencyKeyInProgress, IdempotencyKeyReused
from application.idempotency.answers import IdempotencyPolicy, StoredAnswer, checked_key
from application.idempotency.claim_key import ClaimIdempotencyKey
from application.idempotency.held_commit import HeldCommit
from application.idempotency.prune_answers import PruneIdempotencyAnswers
from application.idempotency.remember_answer import RememberAnswer
from domain.errors import InvalidInput
from domain.identity.role import Role
from tests.support.fakes import FixedClock

POLICY = IdempotencyPolicy(keep_for=timedelta(hours=24), retry_after_seconds=1)
ANSWER = StoredAnswer(status=201, headers={"location": "/api/v1/candidates/1"}, body=b'{"id":1}')
CALLER = Caller(user_id=uuid4(), company_id=uuid4(), role=Role.RECRUITER)


@dataclass
class World:
    store: InMemoryStore
    locks: InMemoryKeyLocks
    clock: FixedClock

    def request(self) -> Request:
        return Request(self)


class Request:
    """One request's transaction and the idempotency use cases over it."""

    def __init__(self, world: World) -> None:
        self.records = InMemoryIdempotencyRecords(world.store, world.locks)
        self.transaction = InMemoryUnitOfWork(world.store)
        self.commit = HeldCommit(self.transaction)
        self.claim = ClaimIdempotencyKey(self.records, self.commit, world.clock, POLICY)
        self.remember = RememberAnswer(self.records, self.commit, world.clock, POLICY)

    def end(self) -> None:
        self.records.end()


@pytest.fixture
def world() -> World:
    return World(InMemoryStore(), InMemoryKeyLocks(), FixedClock())


async def run_once(world: World, key: str, fingerprint: str, caller: Caller = CALLER) -> bool:
    """A keyed request whose use case commits; True when it ran (False: it was replayed)."""
    request = world.request()
    try:
        if await request.claim.execute(caller, key, fingerprint) is not None:
            return False
        await request.commit.commit()  # the use case's commit, held
        assert request.transaction.commits == 0
        assert await request.remember.execute(caller, key, fingerprint, ANSWER) is None
        assert request.transaction.commits == 1
        return True
    finally:
        request.end()


async def test_a_fresh_key_holds_the_use_case_commit_until_the_answer_is_written(
    world: World,
) -> None:
    assert await run_once(world, "k", "print") is True


async def test_a_repeat_gets_the_stored_answer(world: World) -> None:
    await run_once(world, "k", "print")
    request = world.request()
    assert await request.claim.execute(CALLER, "k", "print") == ANSWER
    # Nothing is held: the replay's own commit (if any) goes straight through.
    await request.commit.commit()
    assert request.transaction.commits == 1


async def test_an_answer_committed_between_look_up_and_lock_undoes_the_second_run(
    world: World,
) -> None:
    """The PostgreSQL claim reads the answer in a snapshot taken just before the lock: a first
    request may commit in between. The second run is then rolled back and replays the first."""
    late = world.request()
    assert await late.claim.execute(CALLER, "k", "print") is None
    late.end()  # as if the first request had held the key and finished in that window
    assert await run_once(world, "k", "print") is True
    await late.commit.commit()
    other = StoredAnswer(status=201, headers={}, body=b'{"id":2}')
    assert await late.remember.execute(CALLER, "k", "print", other) == ANSWER
    assert late.transaction.commits == 0


async def test_the_same_key_for_another_request_is_refused(world: World) -> None:
    await run_once(world, "k", "print")
    with pytest.raises(IdempotencyKeyReused):
        await world.request().claim.execute(CALLER, "k", "another print")


async def test_a_key_held_by_a_running_request_is_in_progress(world: World) -> None:
    first = world.request()
    assert await first.claim.execute(CALLER, "k", "print") is None
    with pytest.raises(IdempotencyKeyInProgress) as raised:
        await world.request().claim.execute(CALLER, "k", "print")
    assert raised.value.retry_after_seconds == 1
    first.end()
    assert await world.request().claim.execute(CALLER, "k", "print") is None


async def test_nothing_is_remembered_when_the_use_case_did_not_commit(world: World) -> None:
    request = world.request()
    assert await request.claim.execute(CALLER, "k", "print") is None
    assert await request.remember.execute(CALLER, "k", "print", ANSWER) is None
    assert request.transaction.commits == 0
    request.end()
    assert await run_once(world, "k", "a corrected request") is True


async def test_an_unexpected_failure_is_never_kept(world: World) -> None:
    request = world.request()
    assert await request.claim.execute(CALLER, "k", "print") is None
    await request.commit.commit()
    failure = StoredAnswer(status=500, headers={}, body=b"{}")
    assert await request.remember.execute(CALLER, "k", "print", failure) is None
    assert request.transaction.commits == 0
    request.end()
    assert await run_once(world, "k", "print") is True


async def test_a_rollback_forgets_the_requested_commit(world: World) -> None:
    request = world.request()
    await request.claim.execute(CALLER, "k", "print")
    await request.commit.commit()
    await request.commit.rollback()
    assert await request.remember.execute(CALLER, "k", "print", ANSWER) is None
    assert request.transaction.commits == 0


async def test_keys_belong_to_their_caller(world: World) -> None:
    colleague = Caller(user_id=uuid4(), company_id=CALLER.company_id, role=Role.RECRUITER)
    stranger = Caller(user_id=CALLER.user_id, company_id=uuid4(), role=Role.RECRUITER)
    assert await run_once(world, "k", "print") is True
    assert await run_once(world, "k", "print", colleague) is True
    assert await run_once(world, "k", "print", stranger) is True
    assert await run_once(world, "k", "print") is False


async def test_an_answer_expires_with_the_policy(world: World) -> None:
    await run_once(world, "k", "print")
    world.clock.advance(hours=24)
    assert await run_once(world, "k", "another print") is True


async def test_without_a_hold_the_commit_is_immediate(world: World) -> None:
    request = world.request()
    await request.commit.commit()
    assert request.transaction.commits == 1
    assert request.commit.requested is False


async def test_pruning_deletes_only_expired_answers(world: World) -> None:
    await run_once(world, "old", "print")
    world.clock.advance(hours=23)
    await run_once(world, "young", "print")
    world.clock.advance(hours=2)
    uow = InMemoryUnitOfWork(world.store)
    records = InMemoryIdempotencyRecords(world.store, world.locks)
    assert await PruneIdempotencyAnswers(records, world.clock, POLICY, uow).execute() == 1
    assert uow.committed
    assert await run_once(world, "young", "print") is False
    assert await run_once(world, "old", "another print") is True


@pytest.mark.parametrize("key", ["a", "~" * 255, "5f0c1a4e-8e0b", "with space", "!#$%&'*+"])
def test_keys_of_printable_ascii_are_taken_as_sent(key: str) -> None:
    assert checked_key(key) == key


@pytest.mark.parametrize("key", ["", "x" * 256, "ключ", "tab\t", "nul\x00", "del\x7f"])
def test_other_keys_are_refused(key: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        checked_key(key)
    assert raised.value.problems[0].field == "Idempotency-Key"
