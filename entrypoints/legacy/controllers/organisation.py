"""`/departments`, `/positions`, `/grades` of the original system: the whole list at once under
the resource's plural name, creates and deletes answering `{"id": ...}`."""

from __future__ import annotations

from typing import Annotated

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody

from application.caller import Caller
from application.organisation.create_org_unit import CreateOrgUnit, CreateOrgUnitRequest
from application.organisation.delete_org_unit import DeleteOrgUnit, DeleteOrgUnitRequest
from application.organisation.list_org_units import ListOrgUnits, ListOrgUnitsRequest
from domain.organisation.org_unit import MAX_ORG_UNIT_NAME, OrgKind
from entrypoints.legacy.paging import every_page
from entrypoints.legacy.schemas.common import IdAnswer, NamedRow, path_id


class OrgUnitBody(msgspec.Struct):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_ORG_UNIT_NAME)]


async def all_units(caller: Caller, use_case: ListOrgUnits, kind: OrgKind) -> list[NamedRow]:
    async def fetch(limit: int, offset: int):
        request = ListOrgUnitsRequest(kind, limit=limit, offset=offset)
        return await use_case.execute(caller, request)

    rows, _ = await every_page(fetch, lambda unit: NamedRow(id=unit.id, name=unit.name))
    return rows


def legacy_org_unit_controller(kind: OrgKind, plural: str) -> type[Controller]:
    one = kind.value.capitalize()

    class LegacyOrgUnitController(Controller):
        path = f"/{plural}"

        @get("/", operation_id=f"legacyList{plural.capitalize()}")
        async def list_units(
            self, caller: FromDishka[Caller], use_case: FromDishka[ListOrgUnits]
        ) -> dict[str, list[NamedRow]]:
            return {plural: await all_units(caller, use_case, kind)}

        @post("/", operation_id=f"legacyCreate{one}", status_code=200)
        async def create_unit(
            self,
            data: JSONBody[OrgUnitBody],
            caller: FromDishka[Caller],
            use_case: FromDishka[CreateOrgUnit],
        ) -> IdAnswer:
            view = await use_case.execute(caller, CreateOrgUnitRequest(kind, name=data.name))
            return IdAnswer(view.id)

        @delete("/{unit_id:str}", operation_id=f"legacyDelete{one}", status_code=200)
        async def delete_unit(
            self,
            unit_id: FromPath[str],
            caller: FromDishka[Caller],
            use_case: FromDishka[DeleteOrgUnit],
        ) -> IdAnswer:
            unit = path_id(unit_id)
            await use_case.execute(caller, DeleteOrgUnitRequest(kind, unit, None))
            return IdAnswer(unit)

    LegacyOrgUnitController.__name__ = f"Legacy{plural.capitalize()}Controller"
    return LegacyOrgUnitController


LEGACY_ORGANISATION_CONTROLLERS = [
    legacy_org_unit_controller(OrgKind.DEPARTMENT, "departments"),
    legacy_org_unit_controller(OrgKind.POSITION, "positions"),
    legacy_org_unit_controller(OrgKind.GRADE, "grades"),
]
