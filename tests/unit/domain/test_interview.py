from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.errors import InvalidInput, RuleConflict
from domain.interviews.interview import (
    HIRED_STAGE_CODE,
    MAX_NOTE_LENGTH,
    NEW_STAGE_CODE,
    Interview,
    StageResult,
)

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
RECRUITER = uuid4()


def started(now: datetime = NOW) -> Interview:
    return Interview.start(uuid4(), uuid4(), uuid4(), uuid4(), RECRUITER, now)


def move(
    interview: Interview, stage: int, *, note: str | None = None, at: datetime = NOW
) -> StageResult:
    return interview.move_to(stage, note, RECRUITER, at, result_id=uuid4())


def test_a_new_interview_starts_at_stage_new_with_version_1():
    candidate_id, vacancy_id, company_id = uuid4(), uuid4(), uuid4()
    interview = Interview.start(uuid4(), company_id, candidate_id, vacancy_id, RECRUITER, NOW)
    assert interview.stage_code == NEW_STAGE_CODE == 1
    assert interview.stage_entered_at == interview.created_at == interview.updated_at == NOW
    assert (interview.candidate_id, interview.vacancy_id) == (candidate_id, vacancy_id)
    assert interview.company_id == company_id
    assert interview.created_by == RECRUITER
    assert interview.version == 1
    assert not interview.is_deleted
    assert not interview.is_hired


def test_a_move_records_the_stored_stage_and_the_time_spent_there():
    interview = started()
    later = NOW + timedelta(hours=2, seconds=5)
    result_id, by = uuid4(), uuid4()

    result = interview.move_to(4, "  call went well  ", by, later, result_id=result_id)

    assert result == StageResult(
        id=result_id,
        company_id=interview.company_id,
        interview_id=interview.id,
        old_stage_code=1,
        new_stage_code=4,
        note="call went well",
        seconds_in_old_stage=2 * 3600 + 5,
        created_by=by,
        created_at=later,
    )
    assert interview.stage_code == 4
    assert interview.stage_entered_at == interview.updated_at == later
    assert interview.version == 2


def test_successive_moves_form_a_chain_and_time_is_counted_from_the_last_move():
    interview = started()
    first = move(interview, 4, at=NOW + timedelta(minutes=1))
    second = move(interview, 5, at=NOW + timedelta(minutes=11))
    third = move(interview, HIRED_STAGE_CODE, at=NOW + timedelta(minutes=12))
    assert [(r.old_stage_code, r.new_stage_code) for r in (first, second, third)] == [
        (1, 4),
        (4, 5),
        (5, 10),
    ]
    assert [r.seconds_in_old_stage for r in (first, second, third)] == [60, 600, 60]
    assert interview.is_hired
    assert interview.version == 4


def test_a_move_to_the_current_stage_is_a_conflict_and_changes_nothing():
    interview = started()
    with pytest.raises(RuleConflict, match="already at stage 1"):
        move(interview, NEW_STAGE_CODE)
    assert interview.stage_code == 1
    assert interview.version == 1


def test_a_note_is_at_most_2000_characters_and_an_empty_note_is_none():
    interview = started()
    with pytest.raises(InvalidInput) as error:
        move(interview, 2, note="x" * (MAX_NOTE_LENGTH + 1))
    assert [(p.field, p.message) for p in error.value.problems] == [
        ("note", "at most 2000 characters")
    ]
    assert interview.stage_code == 1 and interview.version == 1

    assert move(interview, 2, note="x" * MAX_NOTE_LENGTH).note == "x" * MAX_NOTE_LENGTH
    assert move(interview, 3, note="   ").note is None
    assert move(interview, 4, note=None).note is None


def test_a_note_keeps_line_breaks_but_refuses_other_control_characters():
    interview = started()
    assert move(interview, 2, note="line one\nline two\tend").note == "line one\nline two\tend"
    for bad in ("nul\x00byte", "bell\x07"):
        with pytest.raises(InvalidInput) as error:
            move(interview, 3, note=bad)
        assert error.value.problems[0].field == "note"
    assert interview.stage_code == 2


def test_time_in_stage_is_never_negative_even_if_the_clock_went_back():
    interview = started()
    result = move(interview, 2, at=NOW - timedelta(seconds=30))
    assert result.seconds_in_old_stage == 0


def test_a_deleted_interview_cannot_move():
    interview = started()
    interview.soft_delete(NOW)
    with pytest.raises(RuleConflict):
        move(interview, 2)
    assert interview.stage_code == 1


def test_soft_delete_and_restore_bump_the_version_once_each():
    interview = started()
    later = NOW + timedelta(minutes=5)
    interview.soft_delete(later)
    assert interview.is_deleted and interview.deleted_at == later
    assert interview.version == 2 and interview.updated_at == later

    interview.soft_delete(later + timedelta(minutes=1))  # already deleted: nothing changes
    assert interview.deleted_at == later and interview.version == 2

    interview.restore(later + timedelta(minutes=2))
    assert not interview.is_deleted
    assert interview.version == 3
    interview.restore(later + timedelta(minutes=3))  # already live: nothing changes
    assert interview.version == 3
    assert interview.stage_code == 1  # restore keeps the stage


def test_a_stage_result_soft_delete_keeps_the_first_deletion_time():
    interview = started()
    result = move(interview, 2)
    assert not result.is_deleted
    result.soft_delete(NOW + timedelta(minutes=1))
    result.soft_delete(NOW + timedelta(minutes=2))
    assert result.deleted_at == NOW + timedelta(minutes=1)
    assert interview.stage_code == 2  # the interview keeps its stage


def test_ids_are_kept_as_given():
    ids = [UUID(int=n) for n in range(1, 6)]
    interview = Interview.start(ids[0], ids[1], ids[2], ids[3], ids[4], NOW)
    assert (interview.id, interview.company_id, interview.candidate_id) == tuple(ids[:3])
    assert (interview.vacancy_id, interview.created_by) == tuple(ids[3:])
