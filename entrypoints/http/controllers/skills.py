from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter

from application.caller import Caller
from application.pagination import MAX_LIMIT
from application.ports.skills import DEFAULT_SKILL_LIMIT
from application.skills.create_skill import CreateSkill, CreateSkillRequest
from application.skills.delete_skill import DeleteSkill
from application.skills.get_skill import GetSkill
from application.skills.search_skills import MAX_QUERY, SearchSkills, SearchSkillsRequest
from application.skills.views import SkillList, SkillView
from domain.organisation.skill import MAX_SKILL_NAME
from entrypoints.http.bodies import body_mapping
from entrypoints.http.envelope import error_responses
from entrypoints.http.paging import Offset
from entrypoints.http.text_patterns import NO_NUL

SkillLimit = Annotated[
    int,
    QueryParameter(
        ge=1,
        le=MAX_LIMIT,
        description=f"Page size, 1-{MAX_LIMIT} (default {DEFAULT_SKILL_LIMIT})",
    ),
]
SkillQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=MAX_QUERY,
        pattern=NO_NUL,
        description="Autocomplete text, compared like a normalized name: prefix matches first, "
        "then names containing it",
    ),
]


class SkillBody(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[
        str,
        msgspec.Meta(
            min_length=1,
            max_length=MAX_SKILL_NAME * 4,  # room for spaces the normalization collapses
            description=f"1-{MAX_SKILL_NAME} characters once spaces are collapsed",
        ),
    ]


_EXISTING = {
    200: ResponseSpec(
        data_container=SkillView,
        generate_examples=False,
        description="The company already has a skill of this normalized name: that skill",
    )
}


_new_skill = body_mapping(SkillBody, CreateSkillRequest)


class SkillController(Controller):
    path = "/skills"
    tags = ("skills",)

    @get(
        "/",
        operation_id="searchSkills",
        summary="Search skills (autocomplete)",
        description="Every role. Skills whose normalized name starts with `q` come first, then "
        "those containing it; each group by normalized name.",
        responses=error_responses(),
    )
    async def search_skills(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[SearchSkills],
        q: SkillQuery = None,
        limit: SkillLimit = DEFAULT_SKILL_LIMIT,
        offset: Offset = 0,
    ) -> SkillList:
        return await use_case.execute(caller, SearchSkillsRequest(q=q, limit=limit, offset=offset))

    @get(
        "/{skill_id:uuid}",
        operation_id="getSkill",
        summary="One skill",
        responses=error_responses(404),
    )
    async def get_skill(
        self, skill_id: FromPath[UUID], caller: FromDishka[Caller], use_case: FromDishka[GetSkill]
    ) -> SkillView:
        return await use_case.execute(caller, skill_id)

    @post(
        "/",
        operation_id="createSkill",
        summary="Add a skill (or find it)",
        description="Admins, managers and recruiters. 201 with the new skill, or 200 with the "
        "existing one when the company has a skill of the same normalized name.",
        responses={**error_responses(), **_EXISTING},
    )
    async def create_skill(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SkillBody],
        caller: FromDishka[Caller],
        use_case: FromDishka[CreateSkill],
    ) -> Response[SkillView]:
        result = await use_case.execute(caller, _new_skill(data))
        location = f"{request.url.path.rstrip('/')}/{result.skill.id}"
        status = 201 if result.created else 200
        return Response(result.skill, status_code=status, headers={"Location": location})

    @delete(
        "/{skill_id:uuid}",
        operation_id="deleteSkill",
        summary="Delete a skill",
        description="Admins, managers and recruiters. Refused (409 `in_use`) while a candidate "
        "or vacancy has the skill.",
        responses=error_responses(404, 409),
    )
    async def delete_skill(
        self,
        skill_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteSkill],
    ) -> None:
        await use_case.execute(caller, skill_id)
