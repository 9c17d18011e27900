"""The Interview aggregate: one candidate going through the hiring pipeline of one vacancy."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import InvalidInput, RuleConflict

NEW_STAGE_CODE = 1  # "Новый": every interview starts here
HIRED_STAGE_CODE = 10  # "Оффер принят": the vacancy's hired_count counts interviews here
MAX_NOTE_LENGTH = 2000
_NOTE_WHITESPACE = frozenset("\n\r\t")


def stage_note(value: str | None, field: str = "note") -> str | None:
    """A note is stored stripped, at most 2000 characters; line breaks and tabs are kept, other
    control characters refused. An empty note is no note."""
    if value is None:
        return None
    note = value.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput.single(field, f"at most {MAX_NOTE_LENGTH} characters")
    if any(unicodedata.category(char) == "Cc" and char not in _NOTE_WHITESPACE for char in note):
        raise InvalidInput.single(field, "must not contain control characters")
    return note or None


@dataclass(slots=True)
class StageResult:
    """One move of an interview, as history: from which stage to which, by whom, when, and how
    long the interview had stayed in the old stage. Soft-deleting it leaves the interview where
    it is."""

    id: UUID
    company_id: UUID
    interview_id: UUID
    old_stage_code: int
    new_stage_code: int
    note: str | None
    seconds_in_old_stage: int
    created_by: UUID
    created_at: datetime
    deleted_at: datetime | None = None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self, now: datetime) -> None:
        if self.deleted_at is None:
            self.deleted_at = now


@dataclass(slots=True)
class Interview:
    """Owns the stage-move rule: a move goes from the stored current stage to a different one
    and is recorded as a StageResult. Every change bumps the version."""

    id: UUID
    company_id: UUID
    candidate_id: UUID
    vacancy_id: UUID
    stage_code: int
    stage_entered_at: datetime
    created_by: UUID
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None
    version: int = 1

    @classmethod
    def start(
        cls,
        id: UUID,
        company_id: UUID,
        candidate_id: UUID,
        vacancy_id: UUID,
        created_by: UUID,
        now: datetime,
    ) -> Interview:
        """A new interview is always at stage 1 ("Новый")."""
        return cls(
            id=id,
            company_id=company_id,
            candidate_id=candidate_id,
            vacancy_id=vacancy_id,
            stage_code=NEW_STAGE_CODE,
            stage_entered_at=now,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hired(self) -> bool:
        return self.stage_code == HIRED_STAGE_CODE

    def move_to(
        self, new_stage_code: int, note: str | None, by: UUID, now: datetime, *, result_id: UUID
    ) -> StageResult:
        """Moves to `new_stage_code` (whose existence the caller has checked) and returns the
        record of the move. The old stage is the one stored here, never a client's value."""
        checked_note = stage_note(note)
        if self.is_deleted:
            raise RuleConflict("a deleted interview cannot change its stage")
        if new_stage_code == self.stage_code:
            raise RuleConflict(f"the interview is already at stage {new_stage_code}")
        result = StageResult(
            id=result_id,
            company_id=self.company_id,
            interview_id=self.id,
            old_stage_code=self.stage_code,
            new_stage_code=new_stage_code,
            note=checked_note,
            seconds_in_old_stage=max(0, int((now - self.stage_entered_at).total_seconds())),
            created_by=by,
            created_at=now,
        )
        self.stage_code = new_stage_code
        self.stage_entered_at = now
        self._touch(now)
        return result

    def soft_delete(self, now: datetime) -> None:
        if self.deleted_at is None:
            self.deleted_at = now
            self._touch(now)

    def restore(self, now: datetime) -> None:
        if self.deleted_at is not None:
            self.deleted_at = None
            self._touch(now)

    def _touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1
