"""A candidate's contacts: a value checked and normalized by what kind of contact its type is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from domain.candidates.values import plain_text
from domain.errors import InvalidInput
from domain.identity import credentials

MAX_CONTACT_LENGTH = 255
MIN_PHONE_DIGITS = 10
MAX_PHONE_DIGITS = 15


class ContactKind(StrEnum):
    EMAIL = "email"  # an address, stored lower-cased
    PHONE = "phone"  # a number, stored as "+" and 10-15 digits
    HANDLE = "handle"  # anything else (a username, a link), stored trimmed


# The `contact-types` reference code -> the kind of value it holds. This is the one place that
# knows it; a code missing here (a type added by a later migration) holds a free-form handle.
CONTACT_KINDS: dict[int, ContactKind] = {
    1: ContactKind.PHONE,  # Мобильный телефон
    2: ContactKind.PHONE,  # Домашний телефон
    3: ContactKind.EMAIL,  # Email
    4: ContactKind.HANDLE,  # Telegram: @username, a link or a number
    5: ContactKind.PHONE,  # WhatsApp: the account is a phone number
    6: ContactKind.PHONE,  # Viber: the account is a phone number
}

_PHONE_SEPARATORS = str.maketrans("", "", " -()\u00a0")
_DIGITS = frozenset("0123456789")


def kind_of(type_code: int) -> ContactKind:
    return CONTACT_KINDS.get(type_code, ContactKind.HANDLE)


def phone(value: str, field: str = "value") -> str:
    """Spaces, hyphens and parentheses dropped, "+" and 10-15 digits; a Russian trunk-prefixed
    number (8 and ten digits, no "+") becomes +7 and the ten digits."""
    compact = value.strip().translate(_PHONE_SEPARATORS)
    has_plus = compact.startswith("+")
    digits = compact.removeprefix("+")
    if not digits or not set(digits) <= _DIGITS:
        raise InvalidInput.single(field, "a phone number is digits with an optional leading +")
    if not has_plus and len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS:
        raise InvalidInput.single(
            field, f"a phone number has {MIN_PHONE_DIGITS}-{MAX_PHONE_DIGITS} digits"
        )
    return "+" + digits


def contact_value(type_code: int, value: str, field: str = "value") -> str:
    kind = kind_of(type_code)
    if kind is ContactKind.EMAIL:
        return credentials.email(value, field)
    if kind is ContactKind.PHONE:
        return phone(value, field)
    return plain_text(value, field, MAX_CONTACT_LENGTH)


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """A contact as a client sends it; `id` names an existing contact to update."""

    type_code: int
    value: str
    is_priority: bool = False
    id: UUID | None = None


@dataclass(slots=True)
class Contact:
    id: UUID
    type_code: int
    value: str
    is_priority: bool = False

    @classmethod
    def build(cls, id: UUID, draft: ContactDraft) -> Contact:
        """Raises InvalidInput with fields relative to the contact (`value`)."""
        return cls(
            id=id,
            type_code=draft.type_code,
            value=contact_value(draft.type_code, draft.value),
            is_priority=draft.is_priority,
        )
