"""The per-worker memory of account statuses: at most a second old, scoped by company, forgotten
on demand, and bounded."""

from __future__ import annotations

from uuid import uuid4

from adapters.postgres import account_statuses
from adapters.postgres.account_statuses import AccountStatusCache
from application.ports.identity import AccountStatus
from domain.identity.role import Role

STATUS = AccountStatus(role=Role.ADMIN, may_hold_session=True)


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_status_is_remembered_for_less_than_a_second():
    ticks, company, user = Ticks(), uuid4(), uuid4()
    cache = AccountStatusCache(ttl=1.0, now=ticks)
    cache.put(company, user, STATUS)
    ticks.now += 0.999
    assert cache.get(company, user) == (True, STATUS)
    ticks.now += 0.001
    assert cache.get(company, user) == (False, None)


def test_an_unknown_account_is_remembered_as_unknown():
    cache, company, user = AccountStatusCache(now=Ticks()), uuid4(), uuid4()
    cache.put(company, user, None)
    assert cache.get(company, user) == (True, None)


def test_a_status_is_only_found_in_its_own_company():
    cache, user = AccountStatusCache(now=Ticks()), uuid4()
    cache.put(uuid4(), user, STATUS)
    assert cache.get(uuid4(), user) == (False, None)


def test_a_forgotten_status_is_read_again():
    cache, company, user = AccountStatusCache(now=Ticks()), uuid4(), uuid4()
    cache.put(company, user, STATUS)
    cache.forget(user)
    cache.forget(uuid4())  # forgetting what was never known is no error
    assert cache.get(company, user) == (False, None)


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(account_statuses, "MAX_REMEMBERED", 3)
    cache, company = AccountStatusCache(now=Ticks()), uuid4()
    users = [uuid4() for _ in range(4)]
    for user in users:
        cache.put(company, user, STATUS)
    assert cache.get(company, users[0]) == (False, None)
    assert cache.get(company, users[3]) == (True, STATUS)
