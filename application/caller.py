from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.errors import AccessDenied
from domain.errors import PermissionDenied
from domain.identity.permissions import Action, Resource, ensure_allowed, is_allowed
from domain.identity.role import Role


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, as proven by a verified access token. The company scopes every query."""

    user_id: UUID
    company_id: UUID
    role: Role

    def may(self, resource: Resource, action: Action) -> bool:
        return is_allowed(self.role, resource, action)

    def authorize(self, resource: Resource, action: Action) -> None:
        try:
            ensure_allowed(self.role, resource, action)
        except PermissionDenied as error:
            raise AccessDenied(str(error)) from error
