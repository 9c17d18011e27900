"""Writing candidates: create, patch, notes, soft delete and restore.

The reads live in candidate_reads.py; both controllers share the `/candidates` path. Bodies
check only shapes and types here: the card's rules (names, dates, contacts, codes, ids) are the
domain's and the use cases', which report every problem of a payload at once, by field path."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, patch, post
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath

from application.caller import Caller
from application.candidates.add_candidate_note import AddCandidateNote, AddCandidateNoteRequest
from application.candidates.create_candidate import CreateCandidate, CreateCandidateRequest
from application.candidates.delete_candidate import DeleteCandidate, DeleteCandidateRequest
from application.candidates.references import SkillChoice
from application.candidates.restore_candidate import RestoreCandidate
from application.candidates.update_candidate import UpdateCandidate, UpdateCandidateRequest
from application.candidates.views import CandidateCard, CandidateNoteView
from domain.candidates.contacts import ContactDraft
from domain.candidates.languages import LanguageDraft
from domain.candidates.notes import MAX_NOTE_LENGTH
from domain.candidates.work_places import WorkPlaceDraft
from entrypoints.http.bodies import body_mapping, each, into
from entrypoints.http.envelope import error_responses
from entrypoints.http.etags import ETAG_HEADER, IfMatch, expected_version, with_etag
from entrypoints.http.text_patterns import documented, multi_line

_INT4 = 2**31 - 1
UNSET = msgspec.UNSET
Unset = msgspec.UnsetType


def _code(reference: str) -> Any:
    return Annotated[
        int, msgspec.Meta(ge=1, le=_INT4, description=f"A live code of `/refs/{reference}`")
    ]


ContactTypeCode = _code("contact-types")
LanguageCode = _code("languages")
LevelCode = _code("language-levels")
AddressCode = _code("addresses")
CountryCode = _code("countries")
FamilyStatusCode = _code("family-statuses")


ChildId = Annotated[
    UUID,
    msgspec.Meta(description="PATCH: the id of an existing child to update; omit it to add one"),
]
Name = Annotated[str, msgspec.Meta(description="1-100 letters, spaces, hyphens, apostrophes")]
NoteText = Annotated[
    str,
    msgspec.Meta(
        description=f"1-{MAX_NOTE_LENGTH} characters once trimmed; line breaks and tabs are kept, "
        "no other control characters",
        extra_json_schema=documented(multi_line(MAX_NOTE_LENGTH)),
    ),
]
Salary = Annotated[int, msgspec.Meta(description="Whole currency units, greater than 0")]
BirthDate = Annotated[date, msgspec.Meta(description="In the past; the person is 14-100 years old")]


class ContactItem(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Emails are stored lower-cased, phone numbers as `+` and 10-15 digits."""

    type_code: ContactTypeCode
    value: Annotated[str, msgspec.Meta(description="Checked and normalized by the type")]
    is_priority: Annotated[bool, msgspec.Meta(description="At most one per candidate")] = False
    id: ChildId | None = None


class WorkPlaceItem(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """`work_from` ≤ `work_to` ≤ today. No `work_to` means a current job (`is_actual`)."""

    position: Annotated[str, msgspec.Meta(description="1-200 characters")]
    company: Annotated[str, msgspec.Meta(description="1-200 characters")]
    work_from: date
    work_to: date | None = None
    is_actual: (
        Annotated[bool, msgspec.Meta(description="Optional: follows from `work_to`; must agree")]
        | None
    ) = None
    id: ChildId | None = None


class LanguageItem(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A language appears once per candidate."""

    language_code: LanguageCode
    level_code: LevelCode
    id: ChildId | None = None


class CandidateSkillItem(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Either `{"id": ...}` (a skill of your company) or `{"name": ...}` (added when new)."""

    exactly_one_of: ClassVar[tuple[str, ...]] = ("id", "name")

    id: UUID | None = None
    name: str | None = None


class NoteItem(msgspec.Struct, forbid_unknown_fields=True):
    text: NoteText


Contacts = Annotated[
    list[ContactItem], msgspec.Meta(max_length=50, description="The whole list of contacts")
]
WorkPlaces = Annotated[
    list[WorkPlaceItem], msgspec.Meta(max_length=100, description="The whole list of work places")
]
Languages = Annotated[
    list[LanguageItem], msgspec.Meta(max_length=50, description="The whole list of languages")
]
Skills = Annotated[
    list[CandidateSkillItem], msgspec.Meta(max_length=100, description="The whole list of skills")
]
Notes = Annotated[list[NoteItem], msgspec.Meta(max_length=50, description="First notes, by you")]


class CandidateBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A whole new card; children without ids."""

    first_name: Name
    last_name: Name
    middle_name: Name | None = None
    birth_date: BirthDate | None = None
    min_salary: Salary | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None
    address_code: AddressCode | None = None
    citizenship_code: CountryCode | None = None
    family_status_code: FamilyStatusCode | None = None
    contacts: Contacts = msgspec.field(default_factory=list)
    work_places: WorkPlaces = msgspec.field(default_factory=list)
    languages: Languages = msgspec.field(default_factory=list)
    skills: Skills = msgspec.field(default_factory=list)
    notes: Notes = msgspec.field(default_factory=list)


class CandidatePatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Absent fields stay; `null` clears a nullable one; a child list replaces the whole list
    (an item with `id` updates that child, one without is added, a missing one is removed)."""

    first_name: Name | Unset = UNSET
    last_name: Name | Unset = UNSET
    middle_name: Name | Unset | None = UNSET
    birth_date: BirthDate | Unset | None = UNSET
    min_salary: Salary | Unset | None = UNSET
    position_id: UUID | Unset | None = UNSET
    grade_id: UUID | Unset | None = UNSET
    address_code: AddressCode | Unset | None = UNSET
    citizenship_code: CountryCode | Unset | None = UNSET
    family_status_code: FamilyStatusCode | Unset | None = UNSET
    contacts: Contacts | Unset = UNSET
    work_places: WorkPlaces | Unset = UNSET
    languages: Languages | Unset = UNSET
    skills: Skills | Unset = UNSET


class NoteBody(msgspec.Struct, forbid_unknown_fields=True):
    text: NoteText


_CHILD_LISTS = {
    "contacts": each(into(ContactDraft)),
    "work_places": each(into(WorkPlaceDraft)),
    "languages": each(into(LanguageDraft)),
    "skills": each(into(SkillChoice)),
}
_new_candidate = body_mapping(
    CandidateBody,
    CreateCandidateRequest,
    {**_CHILD_LISTS, "notes": each(lambda note: note.text)},
)
_candidate_changes = body_mapping(CandidatePatch, UpdateCandidateRequest, _CHILD_LISTS)
_note = body_mapping(NoteBody, AddCandidateNoteRequest)

_EXAMPLE_CARD: dict[str, Any] = {
    "first_name": "Анна-Мария",
    "last_name": "Ёлкина",
    "middle_name": "Сергеевна",
    "birth_date": "1992-04-17",
    "min_salary": 250000,
    "position_id": "0192f3a0-7c1e-7b6a-9d40-5a1e0c2b7f10",
    "grade_id": None,
    "address_code": 2,
    "citizenship_code": 1,
    "family_status_code": 1,
    "contacts": [
        {"type_code": 3, "value": "Anna.Elkina@Example.com", "is_priority": True},
        {"type_code": 1, "value": "8 (916) 123-45-67"},
        {"type_code": 4, "value": "@anna_elkina"},
    ],
    "work_places": [
        {
            "position": "Backend developer",
            "company": "ООО Ромашка",
            "work_from": "2015-01-01",
            "work_to": "2018-12-31",
        },
        {"position": "Team lead", "company": "Acme", "work_from": "2019-01-01", "is_actual": True},
    ],
    "languages": [{"language_code": 1, "level_code": 6}, {"language_code": 2, "level_code": 4}],
    "skills": [{"id": "0192f3a0-7c1e-7b6a-9d40-5a1e0c2b7f12"}, {"name": "PostgreSQL"}],
    "notes": [{"text": "Ready to start in a month."}],
}

_CREATE_BODY = Body(
    description="The whole card at once: children, skills by id or by name (a new name joins "
    "your company's dictionary) and first notes.",
    examples=[Example(summary="A whole card", value=_EXAMPLE_CARD)],
)
_PATCH_BODY = Body(
    description="Any subset of the fields. A child list replaces the whole list: an item with "
    "`id` updates that child, one without is added, a missing one is removed.",
    examples=[
        Example(
            summary="New salary; keep one contact, change it, add another",
            value={
                "min_salary": 300000,
                "contacts": [
                    {
                        "id": "0192f3a0-7c1e-7b6a-9d40-5a1e0c2b7f20",
                        "type_code": 3,
                        "value": "anna@example.com",
                        "is_priority": True,
                    },
                    {"type_code": 4, "value": "@anna"},
                ],
                "skills": [{"name": "Kafka"}],
            },
        )
    ],
)
_NOTE_BODY = Body(
    examples=[Example(summary="A note", value={"text": "Interview on Monday, 11:00."})]
)


def _location(request: Request[Any, Any, Any], candidate_id: UUID) -> str:
    return f"{request.url.path.rstrip('/')}/{candidate_id}"


class CandidateWriteController(Controller):
    path = "/candidates"
    tags = ("candidates",)

    @post(
        "/",
        operation_id="createCandidate",
        summary="Create a candidate",
        description="Admins, managers, recruiters. The whole card in one transaction. Every "
        "problem is reported at once (400, `details[].field` like `contacts[1].value`); codes "
        "must be live in their reference and ids your company's.",
        responses=error_responses(),
        response_headers=[ETAG_HEADER],
    )
    async def create_candidate(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[CandidateBody, _CREATE_BODY],
        caller: FromDishka[Caller],
        use_case: FromDishka[CreateCandidate],
    ) -> Response[CandidateCard]:
        card = await use_case.execute(caller, _new_candidate(data))
        return with_etag(card, 201, Location=_location(request, card.id))

    @patch(
        "/{candidate_id:uuid}",
        operation_id="updateCandidate",
        summary="Change a candidate",
        description="Admins, managers, recruiters. A partial update; child lists as whole "
        "lists. With `If-Match` the change is conditional on the version read before (412 when "
        "stale); without it, concurrent changes are applied one after the other, each whole.",
        responses=error_responses(404, 409, 412),
        response_headers=[ETAG_HEADER],
    )
    async def update_candidate(
        self,
        candidate_id: FromPath[UUID],
        data: Annotated[CandidatePatch, _PATCH_BODY],
        caller: FromDishka[Caller],
        use_case: FromDishka[UpdateCandidate],
        if_match: IfMatch = None,
    ) -> Response[CandidateCard]:
        request = _candidate_changes(
            data, candidate_id=candidate_id, expected_version=expected_version(if_match)
        )
        return with_etag(await use_case.execute(caller, request))

    @post(
        "/{candidate_id:uuid}/notes",
        operation_id="addCandidateNote",
        summary="Add a note to a candidate",
        description="Admins, managers, recruiters; you are the author. Returns the note; "
        "`Location` is the card, whose version the note raises.",
        responses=error_responses(404),
    )
    async def add_note(
        self,
        request: Request[Any, Any, Any],
        candidate_id: FromPath[UUID],
        data: Annotated[NoteBody, _NOTE_BODY],
        caller: FromDishka[Caller],
        use_case: FromDishka[AddCandidateNote],
    ) -> Response[CandidateNoteView]:
        note = await use_case.execute(caller, _note(data, candidate_id=candidate_id))
        card_path = request.url.path.rstrip("/").removesuffix("/notes")
        return Response(note, status_code=201, headers={"Location": card_path})

    @delete(
        "/{candidate_id:uuid}",
        operation_id="deleteCandidate",
        summary="Delete a candidate (soft)",
        description="Admins, managers, recruiters. The card leaves lists and reads until "
        "restored; nothing is lost. `If-Match` makes the delete conditional on the version.",
        responses=error_responses(404, 412),
    )
    async def delete_candidate(
        self,
        candidate_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteCandidate],
        if_match: IfMatch = None,
    ) -> None:
        await use_case.execute(
            caller, DeleteCandidateRequest(candidate_id, expected_version(if_match))
        )

    @post(
        "/{candidate_id:uuid}/restore",
        operation_id="restoreCandidate",
        status_code=200,
        summary="Restore a deleted candidate",
        description="Admins, managers, recruiters. Brings the card back with every child; "
        "restoring a live one changes nothing.",
        responses=error_responses(404),
        response_headers=[ETAG_HEADER],
    )
    async def restore_candidate(
        self,
        candidate_id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[RestoreCandidate],
    ) -> Response[CandidateCard]:
        return with_etag(await use_case.execute(caller, candidate_id))
