"""Departments, positions and grades: three resources, one implementation."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from application.caller import Caller
from application.organisation.create_org_unit import CreateOrgUnit, CreateOrgUnitRequest
from application.organisation.delete_org_unit import DeleteOrgUnit, DeleteOrgUnitRequest
from application.organisation.get_org_unit import GetOrgUnit, GetOrgUnitRequest
from application.organisation.list_org_units import ListOrgUnits, ListOrgUnitsRequest
from application.organisation.rename_org_unit import RenameOrgUnit, RenameOrgUnitRequest
from application.organisation.views import OrgUnitList, OrgUnitView
from domain.organisation.org_unit import MAX_ORG_UNIT_NAME, OrgKind
from entrypoints.http.bodies import body_mapping
from entrypoints.http.envelope import error_responses
from entrypoints.http.etags import ETAG_HEADER, IfMatch, expected_version, with_etag
from entrypoints.http.paging import Limit, Offset, SearchText
from entrypoints.http.text_patterns import documented, one_line

OrgUnitName = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_ORG_UNIT_NAME,
        description="1-200 characters (surrounding spaces are dropped), no control characters; "
        "unique in the company, case-insensitively",
        extra_json_schema=documented(one_line(MAX_ORG_UNIT_NAME)),
    ),
]
OrgUnitSort = Annotated[
    str,
    QueryParameter(
        pattern=r"^-?(name|created_at)$",
        description="`name` (case-insensitive), `created_at`; prefix `-` to reverse",
    ),
]


class OrgUnitBody(msgspec.Struct, forbid_unknown_fields=True):
    name: OrgUnitName


class OrgUnitPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: OrgUnitName | msgspec.UnsetType = msgspec.UNSET


_new_unit = body_mapping(OrgUnitBody, CreateOrgUnitRequest)
_rename = body_mapping(OrgUnitPatch, RenameOrgUnitRequest)


def org_unit_controller(kind: OrgKind, resource_path: str, plural: str) -> type[Controller]:
    """A controller for one kind of organisation unit, mounted at `resource_path`."""
    one = kind.value

    class OrgUnitController(Controller):
        path = resource_path
        tags = ("organisation",)

        @get(
            "/",
            operation_id=f"list{plural.capitalize()}",
            summary=f"List {plural}",
            description="Every role. `q` matches any part of the name, case-insensitively. "
            "Sorted by name unless `sort` says otherwise; ties by id.",
            responses=error_responses(),
        )
        async def list_units(
            self,
            caller: FromDishka[Caller],
            use_case: FromDishka[ListOrgUnits],
            q: SearchText = None,
            sort: OrgUnitSort = "name",
            limit: Limit = 50,
            offset: Offset = 0,
        ) -> OrgUnitList:
            request = ListOrgUnitsRequest(kind, q=q, sort=sort, limit=limit, offset=offset)
            return await use_case.execute(caller, request)

        @get(
            "/{unit_id:uuid}",
            operation_id=f"get{one.capitalize()}",
            summary=f"One {one}",
            description="Every role. The `ETag` header carries the version.",
            responses=error_responses(404),
            response_headers=[ETAG_HEADER],
        )
        async def get_unit(
            self,
            unit_id: FromPath[UUID],
            caller: FromDishka[Caller],
            use_case: FromDishka[GetOrgUnit],
        ) -> Response[OrgUnitView]:
            return with_etag(await use_case.execute(caller, GetOrgUnitRequest(kind, unit_id)))

        @post(
            "/",
            operation_id=f"create{one.capitalize()}",
            summary=f"Create a {one}",
            description="Admins and managers. The name must be free in the company, "
            "case-insensitively (409 `already_exists`).",
            responses=error_responses(409),
            response_headers=[ETAG_HEADER],
        )
        async def create_unit(
            self,
            request: Request[Any, Any, Any],
            data: JSONBody[OrgUnitBody],
            caller: FromDishka[Caller],
            use_case: FromDishka[CreateOrgUnit],
        ) -> Response[OrgUnitView]:
            view = await use_case.execute(caller, _new_unit(data, kind=kind))
            location = f"{request.url.path.rstrip('/')}/{view.id}"
            return with_etag(view, 201, Location=location)

        @patch(
            "/{unit_id:uuid}",
            operation_id=f"rename{one.capitalize()}",
            summary=f"Rename a {one}",
            description="Admins and managers. `If-Match` makes the rename conditional on the "
            "version read before.",
            responses=error_responses(404, 409, 412),
            response_headers=[ETAG_HEADER],
        )
        async def rename_unit(
            self,
            unit_id: FromPath[UUID],
            data: JSONBody[OrgUnitPatch],
            caller: FromDishka[Caller],
            use_case: FromDishka[RenameOrgUnit],
            if_match: IfMatch = None,
        ) -> Response[OrgUnitView]:
            request = _rename(
                data, kind=kind, unit_id=unit_id, expected_version=expected_version(if_match)
            )
            return with_etag(await use_case.execute(caller, request))

        @delete(
            "/{unit_id:uuid}",
            operation_id=f"delete{one.capitalize()}",
            summary=f"Delete a {one}",
            description=f"Admins and managers. Refused (409 `in_use`) while a user, candidate "
            f"or vacancy points at the {one}.",
            responses=error_responses(404, 409, 412),
        )
        async def delete_unit(
            self,
            unit_id: FromPath[UUID],
            caller: FromDishka[Caller],
            use_case: FromDishka[DeleteOrgUnit],
            if_match: IfMatch = None,
        ) -> None:
            request = DeleteOrgUnitRequest(kind, unit_id, expected_version(if_match))
            await use_case.execute(caller, request)

    name = f"{plural.title()}Controller"
    OrgUnitController.__name__ = OrgUnitController.__qualname__ = name
    return OrgUnitController


DepartmentController = org_unit_controller(OrgKind.DEPARTMENT, "/departments", "departments")
PositionController = org_unit_controller(OrgKind.POSITION, "/positions", "positions")
GradeController = org_unit_controller(OrgKind.GRADE, "/grades", "grades")
