"""`/candidates` of the original system: the filtered list with its count under the old filter
names (`date_from` / `date_to` for the creation date), the card with `adress`,
`total_work_expirience` and a creation time on every child, whole-record updates, restorable
deletes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from application.caller import Caller
from application.candidates.add_candidate_note import AddCandidateNote, AddCandidateNoteRequest
from application.candidates.create_candidate import CreateCandidate, CreateCandidateRequest
from application.candidates.delete_candidate import DeleteCandidate, DeleteCandidateRequest
from application.candidates.get_candidate import GetCandidate
from application.candidates.list_candidates import ListCandidates
from application.candidates.references import SkillChoice
from application.candidates.update_candidate import UpdateCandidate, UpdateCandidateRequest
from application.candidates.views import CandidateFilters
from application.listing import ListRequest
from application.pagination import MAX_LIMIT
from entrypoints.legacy.query import Money, Text
from entrypoints.legacy.schemas.candidates import (
    OldCandidate,
    OldCandidateBody,
    OldCandidateList,
    contact_drafts,
    language_drafts,
    new_notes,
    old_candidate,
    old_candidates,
    work_place_drafts,
)
from entrypoints.legacy.schemas.common import IdAnswer, path_id
from entrypoints.legacy.schemas.vacancies import skill_inputs


def _card_fields(body: OldCandidateBody) -> dict[str, Any]:
    """The card as a create and an update take it, under Gefest's names (notes aside)."""
    return {
        "first_name": body.first_name,
        "last_name": body.last_name,
        "middle_name": body.middle_name,
        "birth_date": body.birth_date,
        "min_salary": body.min_salary,
        "position_id": body.position_id,
        "grade_id": body.grade_id,
        "address_code": body.adress_code,
        "citizenship_code": body.citizenship_code,
        "family_status_code": body.family_status_code,
        "contacts": contact_drafts(body),
        "work_places": work_place_drafts(body),
        "languages": language_drafts(body),
        "skills": tuple(SkillChoice(id=s.id, name=s.name) for s in skill_inputs(body.skills)),
    }


class LegacyCandidateController(Controller):
    path = "/candidates"

    @get("/", operation_id="legacyListCandidates")
    async def list_candidates(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[ListCandidates],
        first_name: Text = None,
        last_name: Text = None,
        middle_name: Text = None,
        date_from: FromQuery[date | None] = None,
        date_to: FromQuery[date | None] = None,
        position_id: FromQuery[UUID | None] = None,
        salary_from: Money = None,
        salary_to: Money = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = MAX_LIMIT,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> OldCandidateList:
        """The old list had no pages; a company's candidates are too many for one answer, so it
        holds the newest `limit` (200 unless asked) with the whole `count` (docs/legacy.md)."""
        filters = CandidateFilters(
            first_name=first_name,
            last_name=last_name,
            middle_name=middle_name,
            created_from=date_from,
            created_to=date_to,
            position_id=position_id,
            salary_from=salary_from,
            salary_to=salary_to,
        )
        request = ListRequest(filters=filters, limit=limit, offset=offset)
        return old_candidates(await use_case.execute(caller, request))

    @get("/{candidate_id:str}", operation_id="legacyGetCandidate")
    async def get_candidate(
        self,
        candidate_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[GetCandidate],
    ) -> OldCandidate:
        return old_candidate(await use_case.execute(caller, path_id(candidate_id)))

    @post("/", operation_id="legacyCreateCandidate", status_code=200)
    async def create_candidate(
        self,
        data: JSONBody[OldCandidateBody],
        caller: FromDishka[Caller],
        use_case: FromDishka[CreateCandidate],
    ) -> IdAnswer:
        request = CreateCandidateRequest(**_card_fields(data), notes=new_notes(data))
        return IdAnswer((await use_case.execute(caller, request)).id)

    @patch("/{candidate_id:str}", operation_id="legacyUpdateCandidate")
    async def update_candidate(
        self,
        candidate_id: FromPath[str],
        data: JSONBody[OldCandidateBody],
        caller: FromDishka[Caller],
        use_case: FromDishka[UpdateCandidate],
        notes: FromDishka[AddCandidateNote],
    ) -> IdAnswer:
        """The whole record: fields and child lists left out are cleared. Notes are never
        edited: a note sent with its id stays as written, one without an id is added."""
        request = UpdateCandidateRequest(candidate_id=path_id(candidate_id), **_card_fields(data))
        card = await use_case.execute(caller, request)
        for text in new_notes(data):
            await notes.execute(caller, AddCandidateNoteRequest(candidate_id=card.id, text=text))
        return IdAnswer(card.id)

    @delete("/{candidate_id:str}", operation_id="legacyDeleteCandidate", status_code=200)
    async def delete_candidate(
        self,
        candidate_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteCandidate],
    ) -> IdAnswer:
        target = path_id(candidate_id)
        await use_case.execute(caller, DeleteCandidateRequest(target))
        return IdAnswer(target)
