"""Self-validating values of a candidate card: names, birth date, salary, free text."""

from __future__ import annotations

import unicodedata
from datetime import date

from domain.errors import InvalidInput
from domain.organisation.org_unit import has_control_characters

MAX_NAME_LENGTH = 100
MIN_AGE = 14
MAX_AGE = 100
# `candidates.min_salary` is NUMERIC(12,2): ten whole digits at most.
MAX_SALARY = 9_999_999_999

# Besides letters a name may hold a space, a hyphen and an apostrophe (typed or typographic).
_NAME_MARKS = frozenset(" -'\u2019")


def _is_letter(char: str) -> bool:
    return char.isalpha()


def _is_combining(char: str) -> bool:
    """Vowel signs and accents of scripts that write them as separate code points."""
    return unicodedata.category(char).startswith("M")


def person_name(value: str, field: str) -> str:
    """Letters of any script plus space, hyphen and apostrophe, 1-100 characters, starting with
    a letter and ending with a letter: "Ёлкин", "O'Neil", "Анна-Мария". Runs of whitespace are
    collapsed to one space; the text is stored in NFC form."""
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if not 0 < len(name) <= MAX_NAME_LENGTH:
        raise InvalidInput.single(field, f"1-{MAX_NAME_LENGTH} characters")
    previous = ""
    for char in name:
        allowed = (
            _is_letter(char)
            or char in _NAME_MARKS
            or (_is_combining(char) and previous != "" and previous not in _NAME_MARKS)
        )
        if not allowed:
            raise InvalidInput.single(
                field, "only letters, spaces, hyphens and apostrophes are allowed"
            )
        previous = char
    if name[0] in _NAME_MARKS or name[-1] in _NAME_MARKS:
        raise InvalidInput.single(field, "must start and end with a letter")
    return name


def optional_person_name(value: str | None, field: str) -> str | None:
    """A middle name: like a name, but blank or absent means none."""
    if value is None or not value.strip():
        return None
    return person_name(value, field)


def age_on(birth_date: date, today: date) -> int:
    """Whole years lived on `today`."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def birth_date(value: date, today: date, field: str = "birth_date") -> date:
    """In the past, and the person between 14 and 100 years old today."""
    if value >= today:
        raise InvalidInput.single(field, "must be in the past")
    if not MIN_AGE <= age_on(value, today) <= MAX_AGE:
        raise InvalidInput.single(field, f"the person must be {MIN_AGE}-{MAX_AGE} years old")
    return value


def salary(value: int, field: str = "min_salary") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput.single(field, "must be a whole number")
    if not 0 < value <= MAX_SALARY:
        raise InvalidInput.single(field, f"must be greater than 0 and at most {MAX_SALARY}")
    return value


def plain_text(value: str, field: str, max_length: int, *, multiline: bool = False) -> str:
    """Stripped, 1..max_length characters, no control characters (line breaks and tabs are
    allowed in multi-line text)."""
    text = value.strip()
    if not 0 < len(text) <= max_length:
        raise InvalidInput.single(field, f"1-{max_length} characters")
    checked = text.replace("\n", "").replace("\r", "").replace("\t", "") if multiline else text
    if has_control_characters(checked):
        raise InvalidInput.single(field, "must not contain control characters")
    return text
