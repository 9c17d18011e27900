"""Departments, positions and grades: a company's organisation dictionaries, one shape for all."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidInput

MAX_ORG_UNIT_NAME = 200


class OrgKind(StrEnum):
    """Which dictionary a unit belongs to; each kind is its own namespace of names."""

    DEPARTMENT = "department"
    POSITION = "position"
    GRADE = "grade"


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in value)


def org_unit_name(value: str, field: str = "name") -> str:
    """A name is stored stripped, 1-200 characters, printable."""
    name = value.strip()
    if not 0 < len(name) <= MAX_ORG_UNIT_NAME:
        raise InvalidInput.single(field, f"1-{MAX_ORG_UNIT_NAME} characters")
    if has_control_characters(name):
        raise InvalidInput.single(field, "must not contain control characters")
    return name


@dataclass(slots=True)
class OrgUnit:
    """One department, position or grade. Its name is unique in the company (per kind),
    case-insensitively; the repositories enforce that, the entity keeps the name valid."""

    id: UUID
    company_id: UUID
    kind: OrgKind
    name: str
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def create(cls, id: UUID, company_id: UUID, kind: OrgKind, name: str, now: datetime) -> OrgUnit:
        return cls(
            id=id,
            company_id=company_id,
            kind=kind,
            name=org_unit_name(name),
            created_at=now,
            updated_at=now,
        )

    def rename(self, name: str, now: datetime) -> bool:
        """Returns whether anything changed; a real change bumps the version."""
        new_name = org_unit_name(name)
        if new_name == self.name:
            return False
        self.name = new_name
        self.updated_at = now
        self.version += 1
        return True

    def name_key(self) -> str:
        """What uniqueness compares: the name, case-insensitively."""
        return self.name.lower()
