from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from application.views import NamedRef


class UserView(msgspec.Struct, frozen=True, kw_only=True):
    """A user as every client sees it; the password hash has no field here on purpose."""

    id: UUID
    username: str
    role_code: str
    first_name: str
    last_name: str
    middle_name: str | None
    email: str
    department: NamedRef | None
    position: NamedRef | None
    grade: NamedRef | None
    is_active: bool
    is_blocked: bool
    must_change_password: bool
    logged_in_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class ColleagueView(msgspec.Struct, frozen=True, kw_only=True):
    """What any user sees of a colleague of their company: who they are and where they sit.
    The account's `username` and `email` are for those who may read accounts, else None."""

    id: UUID
    first_name: str
    last_name: str
    middle_name: str | None
    role_code: str
    department: NamedRef | None
    position: NamedRef | None
    grade: NamedRef | None
    created_at: datetime
    username: str | None
    email: str | None


class UserList(msgspec.Struct, frozen=True):
    items: list[UserView]
    count: int
