"""Stage results of an interview in the original system's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from application.interviews.views import StageResultView
from entrypoints.legacy.schemas.common import Ref
from entrypoints.legacy.schemas.interviews import old_stage


class OldStageResult(msgspec.Struct, frozen=True):
    id: UUID
    interview_stage_old: Ref
    interview_stage_new: Ref
    note: str  # required by the old schema: "" for a move without a note
    created_at: datetime
    creator_id: UUID


class OldStageResultList(msgspec.Struct, frozen=True):
    stage_results: list[OldStageResult]


class OldStageMove(msgspec.Struct):
    """The old client names the stage it moves from; Gefest checks it is still the current one."""

    interview_stage_code_old: int
    interview_stage_code_new: int
    note: Annotated[str, msgspec.Meta(max_length=2000)]


def old_stage_result(view: StageResultView) -> OldStageResult:
    return OldStageResult(
        id=view.id,
        interview_stage_old=old_stage(view.old_stage),
        interview_stage_new=old_stage(view.new_stage),
        note=view.note or "",
        created_at=view.created_at,
        creator_id=view.created_by.id,
    )
