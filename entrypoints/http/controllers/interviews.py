"""Interviews: a candidate in the pipeline of a vacancy, and its stage moves (history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from application.caller import Caller
from application.interviews.delete_interview import DeleteInterview, DeleteInterviewRequest
from application.interviews.delete_stage_result import DeleteStageResult
from application.interviews.get_interview import GetInterview
from application.interviews.get_stage_result import GetStageResult
from application.interviews.list_interviews import ListInterviews
from application.interviews.list_stage_results import ListStageResults, ListStageResultsRequest
from application.interviews.move_interview_stage import (
    MoveInterviewStage,
    MoveInterviewStageRequest,
)
from application.interviews.restore_interview import RestoreInterview
from application.interviews.start_interview import StartInterview, StartInterviewRequest
from application.interviews.views import (
    InterviewFilters,
    InterviewList,
    InterviewView,
    StageResultList,
    StageResultView,
)
from domain.interviews.interview import MAX_NOTE_LENGTH
from entrypoints.http.bodies import body_mapping
from entrypoints.http.envelope import error_responses
from entrypoints.http.etags import ETAG_HEADER, IfMatch, expected_version, with_etag
from entrypoints.http.listing import ListQuery
from entrypoints.http.paging import Limit, Offset

_INT4 = 2**31 - 1

Code = Annotated[int | None, QueryParameter(ge=1, le=_INT4)]
InterviewSort = Annotated[
    str | None,
    QueryParameter(
        pattern=r"^-?(created_at|updated_at)$",
        description="`created_at` (default `-created_at`), `updated_at`; prefix `-` to reverse; "
        "ties by id",
    ),
]


@dataclass(frozen=True, kw_only=True)
class InterviewQuery:
    candidate_id: Annotated[UUID | None, QueryParameter(description="Only this candidate's")] = None
    vacancy_id: Annotated[UUID | None, QueryParameter(description="Only this vacancy's")] = None
    created_by: Annotated[UUID | None, QueryParameter(description="Only those started by")] = None
    stage_code: Code = None
    vacancy_priority_code: Code = None
    vacancy_deadline_from: Annotated[date | None, QueryParameter()] = None
    vacancy_deadline_to: Annotated[date | None, QueryParameter()] = None
    sort: InterviewSort = None
    limit: Limit = 50
    offset: Offset = 0


_LIST = ListQuery(InterviewQuery, InterviewFilters)


class StartInterviewBody(msgspec.Struct, forbid_unknown_fields=True):
    candidate_id: UUID
    vacancy_id: UUID


class MoveStageBody(msgspec.Struct, forbid_unknown_fields=True):
    new_stage_code: Annotated[
        int,
        msgspec.Meta(ge=1, le=_INT4, description="A current (not archived) interview stage"),
    ]
    note: (
        Annotated[
            str,
            msgspec.Meta(
                description=f"At most {MAX_NOTE_LENGTH} characters; line breaks are kept",
                examples=["Tech interview passed, strong SQL"],
            ),
        ]
        | None
    ) = None


_start = body_mapping(StartInterviewBody, StartInterviewRequest)
_move = body_mapping(MoveStageBody, MoveInterviewStageRequest)


class InterviewController(Controller):
    path = "/interviews"
    tags = ("interviews",)

    @get(
        "/",
        operation_id="listInterviews",
        summary="List interviews",
        description="Admins, managers, recruiters, customers. Live interviews only: a "
        "soft-deleted interview, or one of a soft-deleted candidate or vacancy, is not listed. "
        "Every filter given must match; the vacancy's deadline bounds are inclusive.",
        responses=error_responses(),
        dependencies={"listing": _LIST.dependency()},
    )
    async def list_interviews(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[ListInterviews],
        listing: NamedDependency[InterviewQuery],
    ) -> InterviewList:
        return await use_case.execute(caller, _LIST(listing))

    @post(
        "/",
        operation_id="startInterview",
        summary="Start an interview",
        description="Admins, managers, recruiters. Puts a candidate into the pipeline of a "
        'vacancy at stage 1 ("Новый"). Both must be live rows of your company, else 400 on '
        "`candidate_id` / `vacancy_id`. 409 `already_exists` while a live interview of the "
        "same candidate and vacancy exists.",
        responses=error_responses(404, 409),
        response_headers=[ETAG_HEADER],
    )
    async def start_interview(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[StartInterviewBody],
        caller: FromDishka[Caller],
        use_case: FromDishka[StartInterview],
    ) -> Response[InterviewView]:
        view = await use_case.execute(caller, _start(data))
        location = f"{request.url.path.rstrip('/')}/{view.id}"
        return with_etag(view, 201, Location=location)

    @get(
        "/{id:uuid}",
        operation_id="getInterview",
        summary="One interview",
        description="Admins, managers, recruiters, customers. The `ETag` header carries the "
        "version.",
        responses=error_responses(404),
        response_headers=[ETAG_HEADER],
    )
    async def get_interview(
        self, id: FromPath[UUID], caller: FromDishka[Caller], use_case: FromDishka[GetInterview]
    ) -> Response[InterviewView]:
        return with_etag(await use_case.execute(caller, id))

    @delete(
        "/{id:uuid}",
        operation_id="deleteInterview",
        summary="Delete an interview (soft)",
        description="Admins, managers, recruiters. The interview leaves lists and reads (and "
        "its vacancy's `hired_count`) until restored; its history is kept. `If-Match` makes "
        "the delete conditional on the version read before.",
        responses=error_responses(404, 412),
    )
    async def delete_interview(
        self,
        id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteInterview],
        if_match: IfMatch = None,
    ) -> None:
        await use_case.execute(caller, DeleteInterviewRequest(id, expected_version(if_match)))

    @post(
        "/{id:uuid}/restore",
        operation_id="restoreInterview",
        status_code=200,
        summary="Restore a deleted interview",
        description="Admins, managers, recruiters. Brings the interview back at the stage it "
        "had. 409 `already_exists` while another live interview of the same candidate and "
        "vacancy exists. Restoring a live interview changes nothing.",
        responses=error_responses(404, 409),
        response_headers=[ETAG_HEADER],
    )
    async def restore_interview(
        self, id: FromPath[UUID], caller: FromDishka[Caller], use_case: FromDishka[RestoreInterview]
    ) -> Response[InterviewView]:
        return with_etag(await use_case.execute(caller, id))

    @post(
        "/{id:uuid}/stage-results",
        operation_id="moveInterviewStage",
        summary="Move an interview to another stage",
        description="Admins, managers, recruiters. Moves the interview and records the move "
        "(old stage = the stored current stage, new stage, note, who, when, seconds spent in "
        "the old stage) in one transaction. The new stage must exist, not be archived (400) "
        "and differ from the current one (409 `conflict`). Concurrent moves take turns, so "
        "the history stays a chain. `If-Match` (the interview's ETag) makes the move "
        "conditional on the version read before (412).",
        responses=error_responses(404, 409, 412),
    )
    async def move_stage(
        self,
        request: Request[Any, Any, Any],
        id: FromPath[UUID],
        data: JSONBody[MoveStageBody],
        caller: FromDishka[Caller],
        use_case: FromDishka[MoveInterviewStage],
        if_match: IfMatch = None,
    ) -> Response[StageResultView]:
        view = await use_case.execute(
            caller,
            _move(data, interview_id=id, expected_version=expected_version(if_match)),
        )
        location = f"{request.url.path.rstrip('/')}/{view.id}"
        return Response(view, status_code=201, headers={"Location": location})

    @get(
        "/{id:uuid}/stage-results",
        operation_id="listStageResults",
        summary="The stage history of an interview",
        description="Admins, managers, recruiters, customers. Oldest first (ties by id), "
        "without soft-deleted results.",
        responses=error_responses(404),
    )
    async def list_stage_results(
        self,
        id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[ListStageResults],
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> StageResultList:
        return await use_case.execute(caller, ListStageResultsRequest(id, limit, offset))

    @get(
        "/{id:uuid}/stage-results/{result_id:uuid}",
        operation_id="getStageResult",
        summary="One stage result",
        description="Admins, managers, recruiters, customers.",
        responses=error_responses(404),
    )
    async def get_stage_result(
        self,
        id: FromPath[UUID],
        result_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[GetStageResult],
    ) -> StageResultView:
        return await use_case.execute(caller, id, result_id)

    @delete(
        "/{id:uuid}/stage-results/{result_id:uuid}",
        operation_id="deleteStageResult",
        summary="Delete a stage result (soft)",
        description="Admins, managers, recruiters. The result leaves the history; the "
        "interview stays at its current stage.",
        responses=error_responses(404),
    )
    async def delete_stage_result(
        self,
        id: FromPath[UUID],
        result_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteStageResult],
    ) -> None:
        await use_case.execute(caller, id, result_id)
