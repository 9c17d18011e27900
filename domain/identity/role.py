from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The five roles of the `roles` reference; the value is its `sys_name`."""

    ADMIN = "admin"
    EMPLOYEE = "employee"
    MANAGER = "manager"
    RECRUITER = "recruiter"
    CUSTOMER = "customer"

    @property
    def code(self) -> int:
        return _CODES[self]

    @classmethod
    def from_code(cls, code: int) -> Role:
        for role, role_code in _CODES.items():
            if role_code == code:
                return role
        raise ValueError(f"unknown role code {code}")


_CODES = {
    Role.ADMIN: 1,
    Role.EMPLOYEE: 2,
    Role.MANAGER: 3,
    Role.RECRUITER: 4,
    Role.CUSTOMER: 5,
}
