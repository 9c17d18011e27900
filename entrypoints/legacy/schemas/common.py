"""Wire shapes the original system used across resources."""

from __future__ import annotations

from uuid import UUID

import msgspec

from domain.errors import InvalidInput


class IdAnswer(msgspec.Struct, frozen=True):
    """What every create, update and delete of the original system answers."""

    id: UUID


class NamedRow(msgspec.Struct, frozen=True, gc=False):
    """A department, position or grade."""

    id: UUID | str
    name: str


class Ref(msgspec.Struct, frozen=True, omit_defaults=True, gc=False):
    code: int
    value: str
    parent_id: int | None = None


class RefList(msgspec.Struct, frozen=True):
    data: list[Ref]


class RoleRef(msgspec.Struct, frozen=True):
    code: int
    name: str
    sys_name: str


class RoleList(msgspec.Struct, frozen=True):
    roles: list[RoleRef]


def path_id(raw: str, name: str = "id") -> UUID:
    """The old routes took any string as an id; one that is not a UUID is the old 400."""
    try:
        return UUID(raw)
    except ValueError:
        raise InvalidInput.single(name, "a UUID is expected") from None
