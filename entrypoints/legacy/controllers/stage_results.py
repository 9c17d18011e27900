"""`/interviews/{interview_id}/stage-results` of the original system."""

from __future__ import annotations

from dishka.integrations.litestar import FromDishka
from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody

from application.caller import Caller
from application.interviews.delete_stage_result import DeleteStageResult
from application.interviews.get_stage_result import GetStageResult
from application.interviews.list_stage_results import ListStageResults, ListStageResultsRequest
from application.interviews.move_interview_stage import (
    MoveInterviewStage,
    MoveInterviewStageRequest,
)
from entrypoints.legacy.paging import every_page
from entrypoints.legacy.schemas.common import IdAnswer, path_id
from entrypoints.legacy.schemas.stage_results import (
    OldStageMove,
    OldStageResult,
    OldStageResultList,
    old_stage_result,
)


class LegacyStageResultController(Controller):
    path = "/interviews/{interview_id:str}/stage-results"

    @get("/", operation_id="legacyListStageResults")
    async def list_results(
        self,
        interview_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[ListStageResults],
    ) -> OldStageResultList:
        interview = path_id(interview_id, "interview_id")

        async def fetch(limit: int, offset: int):
            request = ListStageResultsRequest(interview, limit=limit, offset=offset)
            return await use_case.execute(caller, request)

        results, _ = await every_page(fetch, old_stage_result)
        return OldStageResultList(results)

    @get("/{result_id:str}", operation_id="legacyGetStageResult")
    async def get_result(
        self,
        interview_id: FromPath[str],
        result_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[GetStageResult],
    ) -> OldStageResult:
        view = await use_case.execute(
            caller, path_id(interview_id, "interview_id"), path_id(result_id, "stage_result_id")
        )
        return old_stage_result(view)

    @post("/", operation_id="legacyMoveInterviewStage", status_code=200)
    async def move(
        self,
        interview_id: FromPath[str],
        data: JSONBody[OldStageMove],
        caller: FromDishka[Caller],
        use_case: FromDishka[MoveInterviewStage],
    ) -> IdAnswer:
        """The move is made from the stage the old client names, or refused (400 conflict)."""
        request = MoveInterviewStageRequest(
            interview_id=path_id(interview_id, "interview_id"),
            new_stage_code=data.interview_stage_code_new,
            note=data.note or None,
            from_stage_code=data.interview_stage_code_old,
        )
        return IdAnswer((await use_case.execute(caller, request)).id)

    @delete("/{result_id:str}", operation_id="legacyDeleteStageResult", status_code=200)
    async def delete_result(
        self,
        interview_id: FromPath[str],
        result_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteStageResult],
    ) -> IdAnswer:
        result = path_id(result_id, "stage_result_id")
        await use_case.execute(caller, path_id(interview_id, "interview_id"), result)
        return IdAnswer(result)
