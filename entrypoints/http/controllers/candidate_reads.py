"""Reading candidates: `GET /candidates` (the list of whole cards) and `GET /candidates/{id}`.

The writes live in candidate_writes.py; both controllers share the `/candidates` path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, QueryParameter

from application.caller import Caller
from application.candidates.get_candidate import GetCandidate
from application.candidates.list_candidates import ListCandidates
from application.candidates.views import (
    CandidateCard,
    CandidateFilters,
    CandidateList,
    EncodedCandidateList,
)
from entrypoints.http.envelope import error_responses
from entrypoints.http.etags import ETAG_HEADER, with_etag
from entrypoints.http.listing import ListQuery
from entrypoints.http.paging import Limit, Offset, SearchText
from entrypoints.http.text_patterns import NO_NUL

MAX_SALARY = 9_999_999_999
MAX_SKILL_FILTERS = 20

NameFragment = Annotated[
    str | None,
    QueryParameter(
        max_length=100,
        pattern=NO_NUL,
        description="Case-insensitive substring of the name",
    ),
]
Salary = Annotated[
    int | None,
    QueryParameter(ge=0, le=MAX_SALARY, description="Bound on `min_salary` (inclusive)"),
]
CandidateSort = Annotated[
    str,
    QueryParameter(
        pattern=r"^-?(created_at|last_name|min_salary)$",
        description="`created_at`, `last_name` or `min_salary`; prefix `-` to reverse (default "
        "`-created_at`, newest first). Ties by id; candidates without a salary come last.",
    ),
]
SkillIds = Annotated[
    list[UUID] | None,
    QueryParameter(
        max_items=MAX_SKILL_FILTERS,
        description="A skill the candidate must have; repeat for several (all must match)",
    ),
]


@dataclass(frozen=True, kw_only=True)
class CandidateQuery:
    q: SearchText = None
    first_name: NameFragment = None
    last_name: NameFragment = None
    middle_name: NameFragment = None
    position_id: Annotated[UUID | None, QueryParameter(description="Only this position")] = None
    grade_id: Annotated[UUID | None, QueryParameter(description="Only this grade")] = None
    address_code: Annotated[
        int | None,
        QueryParameter(ge=0, le=2**31 - 1, description="Only this address (reference `addresses`)"),
    ] = None
    skill_id: SkillIds = None
    salary_from: Salary = None
    salary_to: Salary = None
    created_from: Annotated[
        date | None, QueryParameter(description="Created on or after this day (UTC)")
    ] = None
    created_to: Annotated[
        date | None, QueryParameter(description="Created on or before this day (UTC)")
    ] = None
    sort: CandidateSort = "-created_at"
    limit: Limit = 50
    offset: Offset = 0


_LIST = ListQuery(CandidateQuery, CandidateFilters, rename={"skill_id": "skill_ids"})


class CandidateReadController(Controller):
    path = "/candidates"
    tags = ("candidates",)

    @get(
        "/",
        operation_id="listCandidates",
        summary="List candidate cards",
        description="Admins, managers, recruiters and customers. Whole cards (children "
        "included), `count` is the total number of matches. Every given filter must match. "
        "`q` matches every word of it, case-insensitively and inside words (`е` = `ё`), "
        "against names, contacts, skills, work-place companies and positions and notes.",
        # The cards arrive encoded (see EncodedCandidateList); the page has this shape.
        responses={
            200: ResponseSpec(CandidateList, description="A page of cards"),
            **error_responses(),
        },
        dependencies={"listing": _LIST.dependency()},
    )
    async def list_candidates(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[ListCandidates],
        listing: NamedDependency[CandidateQuery],
    ) -> EncodedCandidateList:
        return await use_case.execute(caller, _LIST(listing))

    @get(
        "/{candidate_id:uuid}",
        operation_id="getCandidate",
        summary="One candidate card",
        description="Admins, managers, recruiters and customers. The `ETag` header carries the "
        "version. A soft-deleted candidate is 404.",
        responses=error_responses(404),
        response_headers=[ETAG_HEADER],
    )
    async def get_candidate(
        self,
        candidate_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[GetCandidate],
    ) -> Response[CandidateCard]:
        card = await use_case.execute(caller, candidate_id)
        return with_etag(card)
