"""Read shapes shared by several contexts (the nested summaries of API.md)."""

from __future__ import annotations

from uuid import UUID

import msgspec


class NamedRef(msgspec.Struct, frozen=True):
    """A nested organisation row: `{id, name}`."""

    id: UUID
    name: str


class CodeRef(msgspec.Struct, frozen=True):
    """A nested reference value: `{code, value}`."""

    code: int
    value: str


class PersonRef(msgspec.Struct, frozen=True):
    """A nested user: `{id, first_name, last_name}`."""

    id: UUID
    first_name: str
    last_name: str
