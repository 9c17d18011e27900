from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.identity.role import Role

MAX_FAILED_LOGINS = 5


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

    def unblock(self, now: datetime) -> None:
        self.is_blocked = False
        self.failed_login_count = 0
        self._touch(now)

    def deactivate(self, now: datetime) -> None:
        self.is_active = False
        self._touch(now)

    def change_password(
        self, password_hash: str, now: datetime, *, temporary: bool = False
    ) -> None:
        self.password_hash = password_hash
        self.must_change_password = temporary
        self._touch(now)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1
