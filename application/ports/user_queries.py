from __future__ import annotations

from typing import Protocol
from uuid import UUID

from application.users.views import UserView


class UserQueries(Protocol):
    async def get(self, company_id: UUID, user_id: UUID) -> UserView | None: ...
