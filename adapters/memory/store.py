from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID


@dataclass
class InMemoryStore:
    """Every table of the in-memory adapters, keyed by id. One store is one database."""

    companies: dict[UUID, Any] = field(default_factory=dict)
    users: dict[UUID, Any] = field(default_factory=dict)
    refresh_sessions: dict[UUID, Any] = field(default_factory=dict)
    tables: dict[str, dict[Any, Any]] = field(default_factory=dict)

    def table(self, name: str) -> dict[Any, Any]:
        return self.tables.setdefault(name, {})

    def snapshot(self) -> InMemoryStore:
        return copy.deepcopy(self)

    def restore(self, snapshot: InMemoryStore) -> None:
        restored = copy.deepcopy(snapshot)
        self.companies = restored.companies
        self.users = restored.users
        self.refresh_sessions = restored.refresh_sessions
        self.tables = restored.tables


class InMemoryUnitOfWork:
    """Commit keeps what the repositories wrote; rollback (the default) puts the store back."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._snapshot = store.snapshot()
        self.commits = 0

    @property
    def committed(self) -> bool:
        return self.commits > 0

    async def commit(self) -> None:
        self.commits += 1
        self._snapshot = self._store.snapshot()

    async def rollback(self) -> None:
        self._store.restore(self._snapshot)
