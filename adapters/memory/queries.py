from __future__ import annotations

import json
from importlib import resources
from typing import Any
from uuid import UUID

from adapters.memory.store import InMemoryStore
from application.pagination import Page, Sort
from application.ports.user_queries import UserFilter
from application.refs.views import ReferenceItem
from application.users.views import UserList, UserView
from application.views import NamedRef


class InMemoryUserQueries:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(self, company_id: UUID, user_id: UUID) -> UserView | None:
        user = self._store.users.get(user_id)
        if user is None or user.company_id != company_id:
            return None
        return self._view(user)

    async def list(self, company_id: UUID, filters: UserFilter, sort: Sort, page: Page) -> UserList:
        found = [
            user
            for user in self._store.users.values()
            if user.company_id == company_id
            and (filters.role is None or user.role is filters.role)
            and (filters.department_id is None or user.department_id == filters.department_id)
            and (not filters.text or _matches(user, filters.text))
            and (not filters.ids or user.id in filters.ids)
        ]
        found.sort(key=lambda user: (getattr(user, sort.field), user.id), reverse=sort.descending)
        window = found[page.offset : page.offset + page.limit]
        return UserList(items=[self._view(user) for user in window], count=len(found))

    def _view(self, user: Any) -> UserView:
        return UserView(
            id=user.id,
            username=user.username,
            role_code=user.role.value,
            first_name=user.first_name,
            last_name=user.last_name,
            middle_name=user.middle_name,
            email=user.email,
            department=self._named("departments", user.department_id),
            position=self._named("positions", user.position_id),
            grade=self._named("grades", user.grade_id),
            is_active=user.is_active,
            is_blocked=user.is_blocked,
            must_change_password=user.must_change_password,
            logged_in_at=user.logged_in_at,
            created_at=user.created_at,
            updated_at=user.updated_at,
            version=user.version,
        )

    def _named(self, table: str, row_id: UUID | None) -> NamedRef | None:
        if row_id is None:
            return None
        row = self._store.table(table).get(row_id)
        return None if row is None else NamedRef(id=row.id, name=row.name)


def _matches(user: Any, text: str) -> bool:
    """As in SQL: "last first username", the middle name, or the email contains the text."""
    full = f"{user.last_name} {user.first_name} {user.username}".lower()
    return text in full or text in (user.middle_name or "").lower() or text in user.email


class InMemoryReferenceQueries:
    """Serves the same JSON the migration loads."""

    def __init__(self) -> None:
        raw = (
            resources.files("adapters.postgres").joinpath("reference-data.json").read_text("utf-8")
        )
        self._data: dict[str, list[dict[str, object]]] = json.loads(raw)

    async def items(self, name: str) -> list[ReferenceItem]:
        rows = self._data.get(name.replace("-", "_"), [])
        return [
            ReferenceItem(
                code=int(row["code"]),  # type: ignore[call-overload]
                value=str(row["value"]),
                is_archive=bool(row.get("is_archive", False)),
                parent_code=row.get("parent_code"),  # type: ignore[arg-type]
                level_code=row.get("level_code"),  # type: ignore[arg-type]
                sys_name=row.get("sys_name"),  # type: ignore[arg-type]
            )
            for row in sorted(rows, key=lambda r: int(r["code"]))  # type: ignore[call-overload]
        ]
