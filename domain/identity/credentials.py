"""Self-validating values a user account is made of."""

from __future__ import annotations

import re
import unicodedata

from domain.errors import InvalidInput

_USERNAME = re.compile(r"[a-z0-9._-]{3,64}")
# Pragmatic address check: one @, a dot in the domain, no spaces; deliverability is not ours
# to prove.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 72  # bcrypt ignores everything past 72 bytes; refuse rather than truncate
MAX_NAME_LENGTH = 100


def username(value: str, field: str = "username") -> str:
    """Taken as typed: a capital letter or a space is refused, not rewritten, so the stored
    name is always the one the administrator saw accepted."""
    if not _USERNAME.fullmatch(value):
        raise InvalidInput.single(field, "3-64 characters of lower-case a-z, 0-9, '.', '_' and '-'")
    return value


def email(value: str, field: str = "email") -> str:
    normalized = value.strip().lower()
    if len(normalized) > 254 or not _EMAIL.fullmatch(normalized) or _has_control(normalized):
        raise InvalidInput.single(field, "not a valid email address")
    return normalized


def password(value: str, field: str = "password") -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise InvalidInput.single(field, f"at least {MIN_PASSWORD_LENGTH} characters")
    if len(value.encode()) > MAX_PASSWORD_LENGTH:
        raise InvalidInput.single(field, f"at most {MAX_PASSWORD_LENGTH} bytes")
    return value


def person_name(value: str, field: str) -> str:
    """A first or last name: stored stripped, 1-100 printable characters."""
    name = value.strip()
    if not 0 < len(name) <= MAX_NAME_LENGTH:
        raise InvalidInput.single(field, f"1-{MAX_NAME_LENGTH} characters")
    if _has_control(name):
        raise InvalidInput.single(field, "must not contain control characters")
    return name


def optional_person_name(value: str | None, field: str) -> str | None:
    """A middle name: like a name, but blank or absent means none."""
    if value is None or not value.strip():
        return None
    return person_name(value, field)


def _has_control(value: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in value)
