"""Users in the original system's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from application.users.views import ColleagueView, UserView
from domain.identity.role import Role
from entrypoints.legacy.schemas.common import NamedRow


class OldUser(msgspec.Struct, frozen=True):
    id: UUID
    username: str
    role_code: int
    first_name: str
    last_name: str
    middle_name: str  # required by the old schema: "" when the user has none
    email: str
    department: NamedRow | None
    position: NamedRow | None
    grade: NamedRow | None
    created_at: datetime
    creator_id: UUID | None  # Gefest does not record who opened an account


class OldUserList(msgspec.Struct, frozen=True):
    users: list[OldUser]


class OldNewUser(msgspec.Struct):
    username: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
    role_code: int
    first_name: str
    last_name: str
    email: str
    middle_name: str | None = None
    department_id: UUID | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None


def _row(ref) -> NamedRow | None:
    return None if ref is None else NamedRow(id=ref.id, name=ref.name)


def old_user(view: UserView) -> OldUser:
    return OldUser(
        id=view.id,
        username=view.username,
        role_code=Role(view.role_code).code,
        first_name=view.first_name,
        last_name=view.last_name,
        middle_name=view.middle_name or "",
        email=view.email,
        department=_row(view.department),
        position=_row(view.position),
        grade=_row(view.grade),
        created_at=view.created_at,
        creator_id=None,
    )


def old_colleague(view: ColleagueView) -> OldUser:
    """A colleague as the old interview showed its creator; the account's username and email,
    which Gefest shows only to those who may read accounts, are "" for the others."""
    return OldUser(
        id=view.id,
        username=view.username or "",
        role_code=Role(view.role_code).code,
        first_name=view.first_name,
        last_name=view.last_name,
        middle_name=view.middle_name or "",
        email=view.email or "",
        department=_row(view.department),
        position=_row(view.position),
        grade=_row(view.grade),
        created_at=view.created_at,
        creator_id=None,
    )
