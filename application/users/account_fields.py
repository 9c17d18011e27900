"""What a client sends for an account, checked field by field into domain values. Shared by
the use cases that create and edit users; every problem is reported at once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from application.ports.org_lookup import OrgUnitLookup
from application.ports.security import PasswordHasher
from domain.errors import InvalidInput, ProblemCollector
from domain.identity import credentials
from domain.identity.role import Role
from domain.identity.user import UserChanges
from domain.organisation.org_unit import OrgKind

ROLE_CODES = ", ".join(role.value for role in Role)

REFERENCES: dict[str, OrgKind] = {
    "department_id": OrgKind.DEPARTMENT,
    "position_id": OrgKind.POSITION,
    "grade_id": OrgKind.GRADE,
}
_REQUIRED = ("username", "password", "role_code", "first_name", "last_name", "email")


def parse_role(value: str, field: str = "role_code") -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidInput.single(field, f"one of {ROLE_CODES}") from None


_TEXT_CHECKS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "username": ("username", credentials.username),
    "role_code": ("role", parse_role),
    "first_name": ("first_name", lambda v: credentials.person_name(v, "first_name")),
    "last_name": ("last_name", lambda v: credentials.person_name(v, "last_name")),
    "middle_name": ("middle_name", lambda v: credentials.optional_person_name(v, "middle_name")),
    "email": ("email", credentials.email),
}


async def account_changes(
    sent: Mapping[str, Any],
    company_id: UUID,
    org_units: OrgUnitLookup,
    hasher: PasswordHasher,
) -> UserChanges:
    """`sent` holds only the fields the client sent (API names). Referenced departments,
    positions and grades must be the caller's company's: another company's id reads exactly
    like an unknown one. The password is hashed only once everything else is valid."""
    problems = ProblemCollector()
    changes: dict[str, Any] = {}
    for field, value in sent.items():
        if value is None and field in _REQUIRED:
            problems.add(field, "required; null is not allowed")
        elif field in _TEXT_CHECKS:
            target, check = _TEXT_CHECKS[field]
            try:
                changes[target] = check(value)
            except InvalidInput as error:
                problems.absorb(error)
        elif field == "password":
            try:
                credentials.password(value)
            except InvalidInput as error:
                problems.absorb(error)
        elif field in REFERENCES:
            if value is not None and not await org_units.exists(
                company_id, REFERENCES[field], value
            ):
                problems.add(field, f"no such {REFERENCES[field].value} in your company")
            changes[field] = value
        else:
            raise ValueError(f"not an account field: {field}")
    problems.raise_if_any()
    if sent.get("password") is not None:
        changes["password_hash"] = await hasher.hash(sent["password"])
    return UserChanges(**changes)  # type: ignore[typeddict-item]
