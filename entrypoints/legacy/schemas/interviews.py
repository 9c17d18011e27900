"""Interviews in the original system's shapes: each one carries its whole candidate card, its
whole vacancy and its creator's record."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from application.interviews.views import InterviewView, StageRef
from entrypoints.legacy.schemas.candidates import OldCandidate
from entrypoints.legacy.schemas.common import Ref
from entrypoints.legacy.schemas.users import OldUser
from entrypoints.legacy.schemas.vacancies import OldVacancy


class OldInterview(msgspec.Struct, frozen=True):
    id: UUID
    candidate: OldCandidate
    vacancy: OldVacancy
    stage: Ref
    creator: OldUser
    created_at: datetime


class OldInterviewList(msgspec.Struct, frozen=True):
    interviews: list[OldInterview]


class OldNewInterview(msgspec.Struct):
    candidate_id: UUID
    vacancy_id: UUID


def old_stage(ref: StageRef) -> Ref:
    return Ref(code=ref.code, value=ref.value, parent_id=ref.parent_code)


def old_interview(
    view: InterviewView, candidate: OldCandidate, vacancy: OldVacancy, creator: OldUser
) -> OldInterview:
    return OldInterview(
        id=view.id,
        candidate=candidate,
        vacancy=vacancy,
        stage=old_stage(view.stage),
        creator=creator,
        created_at=view.created_at,
    )
