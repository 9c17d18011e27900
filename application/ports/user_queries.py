from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from application.pagination import Page, Sort
from application.users.views import UserList, UserView
from domain.identity.role import Role

USER_SORT_FIELDS = ("last_name", "created_at")


@dataclass(frozen=True, slots=True)
class UserFilter:
    """Every criterion narrows the list. `text` is a lowercase fragment matched anywhere in the
    username, first, last or middle name, or email. `ids`, when given, keeps only these users."""

    role: Role | None = None
    department_id: UUID | None = None
    text: str | None = None
    ids: tuple[UUID, ...] = ()


class UserQueries(Protocol):
    async def get(self, company_id: UUID, user_id: UUID) -> UserView | None: ...

    async def list(self, company_id: UUID, filters: UserFilter, sort: Sort, page: Page) -> UserList:
        """One page in `sort` order (`last_name` or `created_at`; ties by id), and the total
        count of matches."""
        ...
