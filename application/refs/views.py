from __future__ import annotations

import msgspec

REFERENCE_NAMES = (
    "roles",
    "vacancy-priorities",
    "addresses",
    "countries",
    "family-statuses",
    "contact-types",
    "languages",
    "language-levels",
    "interview-stages",
    "vacancy-statuses",
)


class ReferenceItem(msgspec.Struct, frozen=True, omit_defaults=True):
    code: int
    value: str
    is_archive: bool
    parent_code: int | None = None
    level_code: str | None = None
    sys_name: str | None = None


class ReferenceList(msgspec.Struct, frozen=True):
    items: list[ReferenceItem]
