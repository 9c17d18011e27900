"""Loading an aggregate to change it: the steps every update, delete and restore takes, once.

A write locks the row (`for_update=True` on the repository), refuses a row the caller's company
does not have, and refuses to apply the client's edit to a newer version than the one it read
(`If-Match`). The entity's own noun goes into the messages, so a client reads "no such vacancy",
not a generic word."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Protocol, TypeVar

from application.errors import NotFound, PreconditionFailed


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


class SoftDeletable(Versioned, Protocol):
    @property
    def is_deleted(self) -> bool: ...


T = TypeVar("T")
E = TypeVar("E", bound=Versioned)
L = TypeVar("L", bound=SoftDeletable)


def found(entity: T | None, noun: str) -> T:
    """The entity, or `NotFound` naming it: another company's row is as absent as a missing one."""
    if entity is None:
        raise NotFound(f"no such {noun}")
    return entity


def ensure_version(entity: Versioned, expected_version: int | None, noun: str) -> None:
    """No `expected_version` means the client asked for none: the row lock orders writers."""
    if expected_version is not None and expected_version != entity.version:
        raise PreconditionFailed(f"the {noun} was changed by someone else; re-read it")


async def for_change(
    loading: Awaitable[E | None], noun: str, expected_version: int | None = None
) -> E:
    """Await the locking read, then check it exists and is the version the client saw."""
    entity = found(await loading, noun)
    ensure_version(entity, expected_version, noun)
    return entity


async def live_for_change(
    loading: Awaitable[L | None], noun: str, expected_version: int | None = None
) -> L:
    """`for_change` for a repository whose read returns soft-deleted rows too: a deleted row is
    not there for anything but a restore."""
    entity = await loading
    if entity is not None and entity.is_deleted:
        entity = None
    entity = found(entity, noun)
    ensure_version(entity, expected_version, noun)
    return entity
