"""The permission matrix: resource x action -> roles. The one table every use case consults
and the role-matrix tests are generated from."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import PermissionDenied
from domain.identity.role import Role


class Resource(StrEnum):
    USERS = "users"
    ORGANISATION = "organisation"  # departments, positions, grades
    SKILLS = "skills"
    CANDIDATES = "candidates"
    VACANCIES = "vacancies"
    INTERVIEWS = "interviews"
    REFS = "refs"
    EVENTS = "events"  # the company's whole event feed (an entity's history: its resource)
    WEBHOOKS = "webhooks"  # where the company's events are sent, and how that went


class Action(StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


_EVERYONE = frozenset(Role)
_ADMIN = frozenset({Role.ADMIN})
_ADMIN_MANAGER = frozenset({Role.ADMIN, Role.MANAGER})
_HIRING_STAFF = frozenset({Role.ADMIN, Role.MANAGER, Role.RECRUITER})
_HIRING_READERS = _HIRING_STAFF | {Role.CUSTOMER}


def _writes(roles: frozenset[Role]) -> dict[Action, frozenset[Role]]:
    return {Action.CREATE: roles, Action.UPDATE: roles, Action.DELETE: roles}


PERMISSIONS: dict[Resource, dict[Action, frozenset[Role]]] = {
    Resource.USERS: {Action.READ: _ADMIN, **_writes(_ADMIN)},
    Resource.ORGANISATION: {Action.READ: _EVERYONE, **_writes(_ADMIN_MANAGER)},
    Resource.SKILLS: {Action.READ: _EVERYONE, **_writes(_HIRING_STAFF)},
    Resource.CANDIDATES: {Action.READ: _HIRING_READERS, **_writes(_HIRING_STAFF)},
    # A customer (the hiring manager) may file a vacancy request; every new vacancy is a request.
    Resource.VACANCIES: {
        Action.READ: _HIRING_READERS,
        **_writes(_HIRING_STAFF),
        Action.CREATE: _HIRING_READERS,
    },
    Resource.INTERVIEWS: {Action.READ: _HIRING_READERS, **_writes(_HIRING_STAFF)},
    Resource.REFS: {Action.READ: _EVERYONE},
    Resource.EVENTS: {Action.READ: _ADMIN},
    Resource.WEBHOOKS: {Action.READ: _ADMIN, **_writes(_ADMIN)},
}


def is_allowed(role: Role, resource: Resource, action: Action) -> bool:
    return role in PERMISSIONS[resource].get(action, frozenset())


def ensure_allowed(role: Role, resource: Resource, action: Action) -> None:
    if not is_allowed(role, resource, action):
        raise PermissionDenied(f"role {role.value} may not {action.value} {resource.value}")
