"""`/interviews` of the original system: the list under the old filter names, one interview, a
start and a restorable delete. Each interview embeds its candidate's card, its vacancy and its
creator (entrypoints/legacy/interview_parts.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from application.caller import Caller
from application.for_change import found
from application.interviews.delete_interview import DeleteInterview, DeleteInterviewRequest
from application.interviews.get_interview import GetInterview
from application.interviews.list_interviews import ListInterviews
from application.interviews.start_interview import StartInterview, StartInterviewRequest
from application.interviews.views import InterviewFilters
from application.listing import ListRequest
from application.pagination import MAX_LIMIT
from entrypoints.legacy.interview_parts import InterviewParts
from entrypoints.legacy.query import Code
from entrypoints.legacy.schemas.common import IdAnswer, path_id
from entrypoints.legacy.schemas.interviews import OldInterview, OldInterviewList, OldNewInterview


class LegacyInterviewController(Controller):
    path = "/interviews"

    @get("/", operation_id="legacyListInterviews")
    async def list_interviews(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[ListInterviews],
        parts: FromDishka[InterviewParts],
        creator_id: FromQuery[UUID | None] = None,
        vacancy_id: FromQuery[UUID | None] = None,
        candidate_id: FromQuery[UUID | None] = None,
        stage_code: Code = None,
        vacancy_priority_code: Code = None,
        vacancy_deadline_from: FromQuery[date | None] = None,
        vacancy_deadline_to: FromQuery[date | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = MAX_LIMIT,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> OldInterviewList:
        """The old list had no pages; each interview embeds two whole records, so the answer
        holds the newest `limit` (200 unless asked) from `offset` (docs/legacy.md)."""
        filters = InterviewFilters(
            created_by=creator_id,
            vacancy_id=vacancy_id,
            candidate_id=candidate_id,
            stage_code=stage_code,
            vacancy_priority_code=vacancy_priority_code,
            vacancy_deadline_from=vacancy_deadline_from,
            vacancy_deadline_to=vacancy_deadline_to,
        )
        page = await use_case.execute(
            caller, ListRequest(filters=filters, limit=limit, offset=offset)
        )
        return OldInterviewList(await parts.old_interviews(page.items))

    @get("/{interview_id:str}", operation_id="legacyGetInterview")
    async def get_interview(
        self,
        interview_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[GetInterview],
        parts: FromDishka[InterviewParts],
    ) -> OldInterview:
        view = await use_case.execute(caller, path_id(interview_id, "interview_id"))
        whole = await parts.old_interviews([view])
        return found(whole[0] if whole else None, "interview")

    @post("/", operation_id="legacyStartInterview", status_code=200)
    async def start_interview(
        self,
        data: JSONBody[OldNewInterview],
        caller: FromDishka[Caller],
        use_case: FromDishka[StartInterview],
    ) -> IdAnswer:
        request = StartInterviewRequest(candidate_id=data.candidate_id, vacancy_id=data.vacancy_id)
        return IdAnswer((await use_case.execute(caller, request)).id)

    @delete("/{interview_id:str}", operation_id="legacyDeleteInterview", status_code=200)
    async def delete_interview(
        self,
        interview_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteInterview],
    ) -> IdAnswer:
        target = path_id(interview_id, "interview_id")
        await use_case.execute(caller, DeleteInterviewRequest(target))
        return IdAnswer(target)
