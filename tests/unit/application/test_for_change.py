"""The one way a use case loads an aggregate to change it (application/for_change.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from application.errors import NotFound, PreconditionFailed
from application.for_change import ensure_version, for_change, found, live_for_change


@dataclass
class Row:
    version: int = 3
    is_deleted: bool = False


async def loaded(row: Row | None) -> Row | None:
    return row


def test_found_returns_the_entity_or_names_what_is_missing() -> None:
    row = Row()
    assert found(row, "vacancy") is row
    with pytest.raises(NotFound, match=r"^no such vacancy$"):
        found(None, "vacancy")


def test_no_expected_version_accepts_any_version() -> None:
    ensure_version(Row(version=7), None, "user")


def test_a_stale_version_is_refused_in_the_entitys_words() -> None:
    with pytest.raises(PreconditionFailed, match=r"^the grade was changed by someone else"):
        ensure_version(Row(version=4), 3, "grade")


async def test_for_change_awaits_checks_existence_then_version() -> None:
    row = Row(version=2)
    assert await for_change(loaded(row), "candidate", 2) is row
    with pytest.raises(NotFound, match="no such candidate"):
        await for_change(loaded(None), "candidate", 2)
    with pytest.raises(PreconditionFailed, match="the candidate was changed"):
        await for_change(loaded(row), "candidate", 1)


async def test_for_change_keeps_soft_deleted_rows_for_restores() -> None:
    row = Row(is_deleted=True)
    assert await for_change(loaded(row), "interview") is row


async def test_live_for_change_treats_a_soft_deleted_row_as_absent() -> None:
    with pytest.raises(NotFound, match="no such interview"):
        await live_for_change(loaded(Row(is_deleted=True)), "interview")
    # absence wins over a stale version: a deleted row has no version to compare
    with pytest.raises(NotFound):
        await live_for_change(loaded(Row(is_deleted=True, version=9)), "interview", 1)
    live = Row()
    assert await live_for_change(loaded(live), "interview", 3) is live
