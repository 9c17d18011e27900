"""The languages a candidate speaks, each once, at a level of the `language-levels` reference."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True)
class LanguageDraft:
    """A language as a client sends it; `id` names an existing entry to update."""

    language_code: int
    level_code: int
    id: UUID | None = None


@dataclass(slots=True)
class Language:
    id: UUID
    language_code: int
    level_code: int

    @classmethod
    def build(cls, id: UUID, draft: LanguageDraft) -> Language:
        return cls(id=id, language_code=draft.language_code, level_code=draft.level_code)
