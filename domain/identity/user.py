from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict
from uuid import UUID

from domain.errors import RuleConflict
from domain.identity.role import Role

MAX_FAILED_LOGINS = 5


class UserChanges(TypedDict, total=False):
    """Already-validated new values for an account; an absent key leaves the field as it is."""

    username: str
    role: Role
    first_name: str
    last_name: str
    middle_name: str | None
    email: str
    department_id: UUID | None
    position_id: UUID | None
    grade_id: UUID | None
    password_hash: str


@dataclass(slots=True)
class User:
    """A person who signs in. Owns the lockout rule: the 5th failure in a row blocks the account."""

    id: UUID
    company_id: UUID
    username: str
    password_hash: str
    role: Role
    first_name: str
    last_name: str
    email: str
    created_at: datetime
    updated_at: datetime
    middle_name: str | None = None
    department_id: UUID | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None
    is_active: bool = True
    is_blocked: bool = False
    failed_login_count: int = 0
    must_change_password: bool = False
    logged_in_at: datetime | None = None
    version: int = 1

    @property
    def may_hold_session(self) -> bool:
        return self.is_active and not self.is_blocked

    def record_failed_login(self, now: datetime) -> None:
        self.failed_login_count += 1
        if self.failed_login_count >= MAX_FAILED_LOGINS:
            self.is_blocked = True
        self._touch(now)

    def record_login(self, now: datetime) -> None:
        self.failed_login_count = 0
        self.logged_in_at = now
        self._touch(now)

    def unblock(self, now: datetime) -> bool:
        """Clears the block and the failure count; returns whether there was anything to clear."""
        if not self.is_blocked and self.failed_login_count == 0:
            return False
        self.is_blocked = False
        self.failed_login_count = 0
        self._touch(now)
        return True

    def deactivate(self, now: datetime, *, actor_id: UUID | None = None) -> bool:
        """The account can no longer sign in; its authored rows keep pointing at it. Nobody
        deactivates themselves, so a company never loses its last administrator this way.
        Returns whether anything changed (deactivating twice is no change)."""
        if actor_id == self.id:
            raise RuleConflict("you cannot deactivate your own account")
        if not self.is_active:
            return False
        self.is_active = False
        self._touch(now)
        return True

    def edit(self, changes: UserChanges, *, actor_id: UUID | None, now: datetime) -> bool:
        """Applies the changes as one new version; returns whether anything changed. Nobody
        changes their own role, so an administrator cannot demote themselves. A password set
        here (by an administrator) is not a temporary one."""
        role = changes.get("role", self.role)
        if role is not self.role and actor_id == self.id:
            raise RuleConflict("you cannot change your own role; ask another administrator")
        effective = {name: value for name, value in changes.items() if getattr(self, name) != value}
        if not effective:
            return False
        for name, value in effective.items():
            setattr(self, name, value)
        if "password_hash" in effective:
            self.must_change_password = False
        self._touch(now)
        return True

    def change_password(
        self, password_hash: str, now: datetime, *, temporary: bool = False
    ) -> None:
        self.password_hash = password_hash
        self.must_change_password = temporary
        self._touch(now)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1
