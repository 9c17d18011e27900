"""`/refs/...` as the original system named and shaped them: `{"data": [{code, value,
parent_id}]}`, the roles as `{"roles": [{code, name, sys_name}]}`. Archived entries are left out:
the old dictionaries had none."""

from __future__ import annotations

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get
from litestar.params import FromPath

from application.caller import Caller
from application.errors import NotFound
from application.refs.get_reference import GetReference
from application.refs.views import ReferenceList
from entrypoints.legacy.schemas.common import Ref, RefList, RoleList, RoleRef

# The old name of each dictionary -> Gefest's.
OLD_REFERENCE_NAMES = {
    "addresses": "addresses",
    "contact-types": "contact-types",
    "countries": "countries",
    "family-stats": "family-statuses",
    "interview-stages": "interview-stages",
    "language-levels": "language-levels",
    "languages": "languages",
    "vacancy-priorities": "vacancy-priorities",
    "vacancy-stats": "vacancy-statuses",
}


def old_refs(items: ReferenceList) -> RefList:
    return RefList(
        data=[
            Ref(code=item.code, value=item.value, parent_id=item.parent_code)
            for item in items.items
            if not item.is_archive
        ]
    )


class LegacyReferenceController(Controller):
    path = "/refs"

    @get("/roles", operation_id="legacyGetRoles")
    async def roles(
        self, caller: FromDishka[Caller], use_case: FromDishka[GetReference]
    ) -> RoleList:
        del caller  # signed in is all it takes
        items = (await use_case.execute("roles")).items
        return RoleList(
            roles=[
                RoleRef(code=item.code, name=item.value, sys_name=item.sys_name or "")
                for item in items
                if not item.is_archive
            ]
        )

    @get("/{name:str}", operation_id="legacyGetReference")
    async def reference(
        self, name: FromPath[str], caller: FromDishka[Caller], use_case: FromDishka[GetReference]
    ) -> RefList:
        del caller
        if name not in OLD_REFERENCE_NAMES:
            raise NotFound(f"no reference named {name!r}")
        return old_refs(await use_case.execute(OLD_REFERENCE_NAMES[name]))
