"""The skills dictionary of a company: one skill per normalized name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import InvalidInput
from domain.organisation.org_unit import has_control_characters

MAX_SKILL_NAME = 100


def collapse_whitespace(value: str) -> str:
    return " ".join(value.split())


def normalize_skill_name(name: str) -> str:
    """Case-folded, whitespace collapsed and stripped: `" Git  Hub"` and `"git hub"` are one."""
    return collapse_whitespace(name).casefold()


def skill_name(value: str, field: str = "name") -> str:
    """The display name: whitespace collapsed, 1-100 characters, printable."""
    name = collapse_whitespace(value)
    if not 0 < len(name) <= MAX_SKILL_NAME:
        raise InvalidInput.single(field, f"1-{MAX_SKILL_NAME} characters")
    if has_control_characters(name):
        raise InvalidInput.single(field, "must not contain control characters")
    return name


@dataclass(slots=True)
class Skill:
    """A skill candidates have and vacancies ask for. The first spelling entered is kept
    as the display name; every later equal spelling resolves to this skill."""

    id: UUID
    company_id: UUID
    name: str
    normalized_name: str
    created_at: datetime

    @classmethod
    def create(
        cls, id: UUID, company_id: UUID, name: str, now: datetime, field: str = "name"
    ) -> Skill:
        display = skill_name(name, field)
        return cls(
            id=id,
            company_id=company_id,
            name=display,
            normalized_name=normalize_skill_name(display),
            created_at=now,
        )
