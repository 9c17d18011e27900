"""Notes on a candidate: append-only text with its author and time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.candidates.values import plain_text

MAX_NOTE_LENGTH = 10_000


def note_text(value: str, field: str = "text") -> str:
    """1-10000 characters once trimmed; line breaks are kept."""
    return plain_text(value, field, MAX_NOTE_LENGTH, multiline=True)


@dataclass(slots=True)
class Note:
    id: UUID
    text: str
    author_id: UUID
    created_at: datetime

    @classmethod
    def write(cls, id: UUID, text: str, author_id: UUID, now: datetime) -> Note:
        """Raises InvalidInput at `text`."""
        return cls(id=id, text=note_text(text), author_id=author_id, created_at=now)
