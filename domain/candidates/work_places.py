"""Where a candidate has worked: ordered periods, none in the future, open exactly when actual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.calendar import CALENDAR_SPAN, in_calendar
from domain.candidates.values import plain_text
from domain.errors import InvalidInput, ProblemCollector

MAX_WORK_PLACE_TEXT = 200


@dataclass(frozen=True, slots=True)
class WorkPlaceDraft:
    """A work place as a client sends it. `is_actual` may be left out: it follows from
    `work_to` (no end date means the candidate still works there)."""

    position: str
    company: str
    work_from: date
    work_to: date | None = None
    is_actual: bool | None = None
    id: UUID | None = None


@dataclass(slots=True)
class WorkPlace:
    id: UUID
    position: str
    company: str
    work_from: date
    work_to: date | None
    is_actual: bool

    @classmethod
    def build(cls, id: UUID, draft: WorkPlaceDraft, today: date) -> WorkPlace:
        """Raises InvalidInput (every problem, fields relative to the work place)."""
        problems = ProblemCollector()
        position = company = ""
        try:
            position = plain_text(draft.position, "position", MAX_WORK_PLACE_TEXT)
        except InvalidInput as error:
            problems.absorb(error)
        try:
            company = plain_text(draft.company, "company", MAX_WORK_PLACE_TEXT)
        except InvalidInput as error:
            problems.absorb(error)
        problems.check(draft.work_from <= today, "work_from", "must not be in the future")
        problems.check(in_calendar(draft.work_from), "work_from", f"must be {CALENDAR_SPAN}")
        if draft.work_to is not None:
            problems.check(draft.work_to <= today, "work_to", "must not be in the future")
            problems.check(in_calendar(draft.work_to), "work_to", f"must be {CALENDAR_SPAN}")
            problems.check(
                draft.work_from <= draft.work_to, "work_to", "must not be before work_from"
            )
        open_ended = draft.work_to is None
        if draft.is_actual is not None and draft.is_actual != open_ended:
            problems.add(
                "is_actual",
                "true exactly when work_to is empty (a current job has no end date)",
            )
        problems.raise_if_any()
        return cls(
            id=id,
            position=position,
            company=company,
            work_from=draft.work_from,
            work_to=draft.work_to,
            is_actual=open_ended,
        )
