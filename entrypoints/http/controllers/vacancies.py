"""Vacancies: from a customer's request to a filled opening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath, QueryParameter

from application.caller import Caller
from application.vacancies.create_vacancy import CreateVacancy, CreateVacancyRequest
from application.vacancies.delete_vacancy import DeleteVacancy, DeleteVacancyRequest
from application.vacancies.get_vacancy import GetVacancy
from application.vacancies.list_vacancies import ListVacancies
from application.vacancies.references import SkillInput
from application.vacancies.restore_vacancy import RestoreVacancy
from application.vacancies.update_vacancy import UpdateVacancy, UpdateVacancyRequest
from application.vacancies.views import VacancyFilters, VacancyList, VacancyView
from domain.organisation.skill import MAX_SKILL_NAME
from domain.vacancies.vacancy import (
    MAX_EMPLOYEE_COUNT,
    MAX_PROJECT_LENGTH,
    MAX_SALARY,
    MIN_EMPLOYEE_COUNT,
)
from entrypoints.http.bodies import body_mapping, each, into
from entrypoints.http.envelope import error_responses
from entrypoints.http.etags import ETAG_HEADER, IfMatch, expected_version, with_etag
from entrypoints.http.listing import ListQuery
from entrypoints.http.paging import Limit, Offset, SearchText

_INT4 = 2**31 - 1
MAX_SKILLS = 100

CodeField = Annotated[int, msgspec.Meta(ge=1, le=_INT4)]
Salary = Annotated[
    int,
    msgspec.Meta(ge=1, le=MAX_SALARY, description="Whole currency units; salary_from ≤ salary_to"),
]
EmployeeCount = Annotated[
    int, msgspec.Meta(ge=MIN_EMPLOYEE_COUNT, le=MAX_EMPLOYEE_COUNT, description="1-1000")
]
Project = Annotated[
    str, msgspec.Meta(max_length=MAX_PROJECT_LENGTH, description="At most 500 characters")
]
RecruiterId = Annotated[
    UUID,
    msgspec.Meta(
        description="An active user of your company with role recruiter, manager or admin"
    ),
]


class SkillItem(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Either `{"id": ...}` (a skill of your company) or `{"name": ...}` (added when new)."""

    exactly_one_of: ClassVar[tuple[str, ...]] = ("id", "name")

    id: UUID | None = None
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_SKILL_NAME)] | None = None


SkillList = Annotated[
    list[SkillItem],
    msgspec.Meta(max_length=MAX_SKILLS, description="The whole list of the vacancy's skills"),
]


class VacancyBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A new vacancy. It always starts as a request (status 1), so there is no status here."""

    position_id: UUID
    department_id: UUID
    priority_code: Annotated[CodeField, msgspec.Meta(description="A `vacancy-priorities` code")]
    employee_count: EmployeeCount
    grade_id: UUID | None = None
    salary_from: Salary | None = None
    salary_to: Salary | None = None
    deadline: date | None = None
    address_code: Annotated[CodeField, msgspec.Meta(description="An `addresses` code")] | None = (
        None
    )
    project: Project | None = None
    recruiter_id: RecruiterId | None = None
    skills: SkillList = msgspec.field(default_factory=list)


class VacancyPatch(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Absent fields stay as they are; `null` clears a nullable one."""

    position_id: UUID | msgspec.UnsetType = msgspec.UNSET
    department_id: UUID | msgspec.UnsetType = msgspec.UNSET
    priority_code: CodeField | msgspec.UnsetType = msgspec.UNSET
    status_code: (
        Annotated[CodeField, msgspec.Meta(description="A `vacancy-statuses` code")]
        | msgspec.UnsetType
    ) = msgspec.UNSET
    employee_count: EmployeeCount | msgspec.UnsetType = msgspec.UNSET
    grade_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    salary_from: Salary | msgspec.UnsetType | None = msgspec.UNSET
    salary_to: Salary | msgspec.UnsetType | None = msgspec.UNSET
    deadline: date | msgspec.UnsetType | None = msgspec.UNSET
    address_code: CodeField | msgspec.UnsetType | None = msgspec.UNSET
    project: Project | msgspec.UnsetType | None = msgspec.UNSET
    recruiter_id: RecruiterId | msgspec.UnsetType | None = msgspec.UNSET
    skills: SkillList | msgspec.UnsetType = msgspec.UNSET


_SKILLS = {"skills": each(into(SkillInput))}
_new_vacancy = body_mapping(VacancyBody, CreateVacancyRequest, _SKILLS)
_vacancy_changes = body_mapping(VacancyPatch, UpdateVacancyRequest, _SKILLS)


_CREATE_EXAMPLE = Body(
    description="Skills by id (a skill of your company) or by name (added when new).",
    examples=[
        Example(
            summary="A customer's request",
            value={
                "position_id": "0192f3a0-7c1e-7b6a-9d40-5a1e0c2b7f10",
                "department_id": "0192f3a0-7c1e-7b6a-9d40-5a1e0c2b7f11",
                "grade_id": None,
                "priority_code": 3,
                "employee_count": 2,
                "salary_from": 180000,
                "salary_to": 250000,
                "deadline": "2027-01-31",
                "address_code": 77,
                "project": "Платёжный шлюз",
                "recruiter_id": None,
                "skills": [{"id": "0192f3a0-7c1e-7b6a-9d40-5a1e0c2b7f12"}, {"name": "Kafka"}],
            },
        )
    ],
)
_PATCH_EXAMPLE = Body(
    description="Any subset of the fields; `skills` replaces the whole list.",
    examples=[
        Example(
            summary="A recruiter takes the request",
            value={
                "status_code": 2,
                "recruiter_id": "0192f3a0-7c1e-7b6a-9d40-5a1e0c2b7f13",
                "skills": [{"name": "Python"}, {"name": "PostgreSQL"}],
            },
        )
    ],
)

Id = Annotated[UUID | None, QueryParameter(description="Filter: equal to this id")]
Code = Annotated[int | None, QueryParameter(ge=1, le=_INT4, description="Filter: this code")]
SalaryBound = Annotated[
    int | None,
    QueryParameter(
        ge=0,
        le=MAX_SALARY,
        description="The vacancy's salary range overlaps [salary_from, salary_to]; a vacancy's "
        "missing bound is open",
    ),
]
DateBound = Annotated[date | None, QueryParameter(description="Inclusive date (YYYY-MM-DD)")]
SkillIds = Annotated[
    list[UUID] | None,
    QueryParameter(
        max_items=20,
        description="Repeatable: the vacancy asks for every one of these skills",
    ),
]
VacancySort = Annotated[
    str | None,
    QueryParameter(
        pattern=r"^-?(created_at|deadline|priority)$",
        description="`created_at` (default `-created_at`), `deadline` (no deadline last), "
        "`priority` (by code); prefix `-` to reverse; ties by id",
    ),
]


@dataclass(frozen=True, kw_only=True)
class VacancyQuery:
    q: SearchText = None
    recruiter_id: Id = None
    department_id: Id = None
    position_id: Id = None
    grade_id: Id = None
    priority_code: Code = None
    status_code: Code = None
    address_code: Code = None
    skill_id: SkillIds = None
    salary_from: SalaryBound = None
    salary_to: SalaryBound = None
    created_from: DateBound = None
    created_to: DateBound = None
    deadline_from: DateBound = None
    deadline_to: DateBound = None
    sort: VacancySort = None
    limit: Limit = 50
    offset: Offset = 0


_LIST = ListQuery(VacancyQuery, VacancyFilters, rename={"skill_id": "skill_ids"})


class VacancyController(Controller):
    path = "/vacancies"
    tags = ("vacancies",)

    @get(
        "/",
        operation_id="listVacancies",
        summary="List vacancies",
        description="Admins, managers, recruiters, customers. Live vacancies only; every filter "
        "given must match. `q`: every word is found (case-insensitively, `е` = `ё`) in the "
        "position, department, project or skill names. An inverted range is refused (400).",
        responses=error_responses(),
        dependencies={"listing": _LIST.dependency()},
    )
    async def list_vacancies(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[ListVacancies],
        listing: NamedDependency[VacancyQuery],
    ) -> VacancyList:
        return await use_case.execute(caller, _LIST(listing))

    @post(
        "/",
        operation_id="createVacancy",
        summary="Create a vacancy (a request)",
        description="Admins, managers, recruiters and customers. The vacancy starts with "
        'status 1 ("Заявка"). Ids must be of your company and codes current (else 400 on the '
        "field); skills named for the first time join the company's dictionary.",
        responses=error_responses(),
        response_headers=[ETAG_HEADER],
    )
    async def create_vacancy(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[VacancyBody, _CREATE_EXAMPLE],
        caller: FromDishka[Caller],
        use_case: FromDishka[CreateVacancy],
    ) -> Response[VacancyView]:
        view = await use_case.execute(caller, _new_vacancy(data))
        location = f"{request.url.path.rstrip('/')}/{view.id}"
        return with_etag(view, 201, Location=location)

    @get(
        "/{id:uuid}",
        operation_id="getVacancy",
        summary="One vacancy",
        description="Admins, managers, recruiters, customers. The `ETag` header carries the "
        "version.",
        responses=error_responses(404),
        response_headers=[ETAG_HEADER],
    )
    async def get_vacancy(
        self, id: FromPath[UUID], caller: FromDishka[Caller], use_case: FromDishka[GetVacancy]
    ) -> Response[VacancyView]:
        return with_etag(await use_case.execute(caller, id))

    @patch(
        "/{id:uuid}",
        operation_id="updateVacancy",
        summary="Change a vacancy",
        description="Admins, managers, recruiters (the status too). A partial update: absent "
        "fields stay, `null` clears; `skills` replaces the whole list. `If-Match` makes the "
        "change conditional on the version read before.",
        responses=error_responses(404, 412),
        response_headers=[ETAG_HEADER],
    )
    async def update_vacancy(
        self,
        id: FromPath[UUID],
        data: Annotated[VacancyPatch, _PATCH_EXAMPLE],
        caller: FromDishka[Caller],
        use_case: FromDishka[UpdateVacancy],
        if_match: IfMatch = None,
    ) -> Response[VacancyView]:
        request = _vacancy_changes(data, vacancy_id=id, expected_version=expected_version(if_match))
        return with_etag(await use_case.execute(caller, request))

    @delete(
        "/{id:uuid}",
        operation_id="deleteVacancy",
        summary="Delete a vacancy (soft)",
        description="Admins, managers, recruiters. The vacancy and its interviews leave lists "
        "and reads until restored. `If-Match` makes the delete conditional on the version "
        "read before.",
        responses=error_responses(404, 412),
    )
    async def delete_vacancy(
        self,
        id: FromPath[UUID],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteVacancy],
        if_match: IfMatch = None,
    ) -> None:
        await use_case.execute(caller, DeleteVacancyRequest(id, expected_version(if_match)))

    @post(
        "/{id:uuid}/restore",
        operation_id="restoreVacancy",
        status_code=200,
        summary="Restore a deleted vacancy",
        description="Admins, managers, recruiters. Brings the vacancy back as it was; "
        "restoring a live one changes nothing.",
        responses=error_responses(404),
        response_headers=[ETAG_HEADER],
    )
    async def restore_vacancy(
        self, id: FromPath[UUID], caller: FromDishka[Caller], use_case: FromDishka[RestoreVacancy]
    ) -> Response[VacancyView]:
        return with_etag(await use_case.execute(caller, id))
