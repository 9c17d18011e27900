from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import InvalidInput, ProblemCollector


def ogrn(value: str, field: str = "ogrn") -> str:
    """OGRN: 13 digits; the last is (first 12 as a number mod 11) mod 10."""
    # isascii: str.isdigit also accepts full-width and superscript digits.
    if len(value) != 13 or not (value.isascii() and value.isdigit()):
        raise InvalidInput.single(field, "OGRN is exactly 13 digits")
    if int(value[:12]) % 11 % 10 != int(value[12]):
        raise InvalidInput.single(field, "OGRN check digit does not match")
    return value


@dataclass(slots=True)
class Company:
    """A tenant: every row a user sees belongs to exactly one company."""

    id: UUID
    full_name: str
    short_name: str
    ogrn: str
    created_at: datetime

    @classmethod
    def register(
        cls, id: UUID, full_name: str, short_name: str, ogrn_value: str, now: datetime
    ) -> Company:
        problems = ProblemCollector()
        full = full_name.strip()
        short = short_name.strip()
        problems.check(0 < len(full) <= 500, "full_name", "1-500 characters")
        problems.check(0 < len(short) <= 200, "short_name", "1-200 characters")
        try:
            ogrn(ogrn_value)
        except InvalidInput as error:
            problems.absorb(error)
        problems.raise_if_any()
        return cls(id=id, full_name=full, short_name=short, ogrn=ogrn_value, created_at=now)
