"""Every operation of the old document, described once as the main API's catalogue describes
its own (tests/api/catalog.py): who may call it, by the domain's permission matrix, and how to
build a request for it in a given company. The legacy role-matrix and tenancy tests are
generated from this table; a coverage test fails when the old document has an operation the
table does not describe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.identity.permissions import Action, Resource
from domain.identity.role import Role
from tests.api.catalog import API, Call, Make, Operation, Prepare, Setup, unique

LEGACY = "/legacy"
OLD = LEGACY + API


@dataclass(frozen=True)
class LegacyOperation(Operation):
    list_key: str | None = None  # the plural a list answers under


def _at(path: str, json: Any = None) -> Prepare:
    async def prepare(_: Setup) -> Call:
        return Call(OLD + path, json)

    return prepare


def _listing(collection: str, make: Make) -> Prepare:
    async def prepare(setup: Setup) -> Call:
        row = await make(setup)
        return Call(f"{OLD}/{collection}", listed_id=row["id"])

    return prepare


def _item(collection: str, make: Make, body: Any = None) -> Prepare:
    """A call on one row; its card in the main API is the probe that must not change."""

    async def prepare(setup: Setup) -> Call:
        row = await make(setup)
        json = await body(setup, row) if callable(body) else body
        return Call(
            f"{OLD}/{collection}/{row['id']}", json, probe=f"{API}/{collection}/{row['id']}"
        )

    return prepare


def _create(collection: str, body: Any) -> Prepare:
    async def prepare(setup: Setup) -> Call:
        return Call(f"{OLD}/{collection}", await body(setup) if callable(body) else body)

    return prepare


def _stage_results(item: bool = False, body: Any = None) -> Prepare:
    async def prepare(setup: Setup) -> Call:
        interview, result = await setup.stage_result()
        results = f"/interviews/{interview['id']}/stage-results"
        probe = f"{API}{results}/{result['id']}" if item else f"{API}/interviews/{interview['id']}"
        path = f"{OLD}{results}/{result['id']}" if item else f"{OLD}{results}"
        return Call(path, body, probe=probe)

    return prepare


async def _old_user(_: Setup) -> dict[str, Any]:
    name = unique("old")
    return {
        "username": name,
        "password": "long-enough-password",
        "role_code": Role.RECRUITER.code,
        "first_name": "Olga",
        "last_name": "Sidorova",
        "email": f"{name}@example.com",
    }


_OLD_CARD = {"first_name": "Пётр", "last_name": "Ёлкин", "family_status_code": 1}


async def _old_vacancy(setup: Setup) -> dict[str, Any]:
    position, department = await setup.org("positions"), await setup.org("departments")
    return {
        "position_id": position["id"],
        "department_id": department["id"],
        "employee_count": 1,
        "priority_code": 1,
    }


async def _whole_vacancy(_: Setup, vacancy: dict[str, Any]) -> dict[str, Any]:
    return {
        "position_id": vacancy["position"]["id"],
        "department_id": vacancy["department"]["id"],
        "employee_count": 3,
        "priority_code": vacancy["priority"]["code"],
        "status_code": vacancy["status"]["code"],
    }


async def _interview_body(setup: Setup) -> dict[str, Any]:
    candidate, vacancy = await setup.candidate(), await setup.vacancy()
    return {"candidate_id": candidate["id"], "vacancy_id": vacancy["id"]}


def _unit_ops(kind: str) -> list[LegacyOperation]:
    async def make(setup: Setup) -> dict[str, Any]:
        return await setup.org(kind)

    async def body(_: Setup) -> dict[str, Any]:
        return {"name": unique(kind)}

    org, base, item = Resource.ORGANISATION, f"{API}/{kind}", f"{API}/{kind}/{{id}}"
    return [
        LegacyOperation(
            "GET", base, _listing(kind, make), 200, org, Action.READ, is_list=True, list_key=kind
        ),
        LegacyOperation("POST", base, _create(kind, body), 200, org, Action.CREATE),
        LegacyOperation(
            "DELETE", item, _item(kind, make), 200, org, Action.DELETE, takes_owned_id=True
        ),
    ]


# The old reference names (two differ from Gefest's: family-stats, vacancy-stats); roles apart.
OLD_REFERENCES = [
    "addresses",
    "contact-types",
    "countries",
    "family-stats",
    "interview-stages",
    "language-levels",
    "languages",
    "vacancy-priorities",
    "vacancy-stats",
]


def _refs() -> list[LegacyOperation]:
    return [
        LegacyOperation(
            "GET", f"{API}/refs/{name}", _at(f"/refs/{name}"), 200, Resource.REFS, Action.READ
        )
        for name in [*OLD_REFERENCES, "roles"]
    ]


def _resource_ops(
    collection: str,
    make: Make,
    resource: Resource,
    *,
    create: Any,
    update: Any = None,
    item: str | None = None,
) -> list[LegacyOperation]:
    """A resource's list, one, create, whole-record update (when the old contract has one)
    and delete; `item` is the one-row path template when the old document names its id."""
    base, one = f"{API}/{collection}", item or f"{API}/{collection}/{{id}}"
    ops = [
        LegacyOperation(
            "GET",
            base,
            _listing(collection, make),
            200,
            resource,
            Action.READ,
            is_list=True,
            list_key=collection,
        ),
        LegacyOperation(
            "GET", one, _item(collection, make), 200, resource, Action.READ, takes_owned_id=True
        ),
        LegacyOperation("POST", base, _create(collection, create), 200, resource, Action.CREATE),
        LegacyOperation(
            "DELETE",
            one,
            _item(collection, make),
            200,
            resource,
            Action.DELETE,
            takes_owned_id=True,
        ),
    ]
    if update is not None:
        ops.append(
            LegacyOperation(
                "PATCH",
                one,
                _item(collection, make, update),
                200,
                resource,
                Action.UPDATE,
                takes_owned_id=True,
            )
        )
    return ops


USERS, CANDIDATES = Resource.USERS, Resource.CANDIDATES
VACANCIES, INTERVIEWS = Resource.VACANCIES, Resource.INTERVIEWS
R, C, U, D = Action.READ, Action.CREATE, Action.UPDATE, Action.DELETE
_ID = {"takes_owned_id": True}
_INTERVIEW = f"{API}/interviews/{{interview_id}}"
_RESULT = f"{_INTERVIEW}/stage-results/{{stage_result_id}}"

LEGACY_OPERATIONS: list[LegacyOperation] = [
    LegacyOperation("GET", f"{API}/users/current", _at("/users/current"), 200),
    LegacyOperation("POST", f"{API}/sessions/protected", _at("/sessions/protected"), 200),
    *_refs(),
    *_unit_ops("departments"),
    *_unit_ops("positions"),
    *_unit_ops("grades"),
    LegacyOperation(
        "GET",
        f"{API}/users",
        _listing("users", Setup.user),
        200,
        USERS,
        R,
        is_list=True,
        list_key="users",
    ),
    LegacyOperation("GET", f"{API}/users/{{id}}", _item("users", Setup.user), 200, USERS, R, **_ID),
    LegacyOperation("POST", f"{API}/users", _create("users", _old_user), 200, USERS, C),
    LegacyOperation(
        "DELETE", f"{API}/users/{{id}}", _item("users", Setup.user), 200, USERS, D, **_ID
    ),
    *_resource_ops(
        "candidates",
        Setup.candidate,
        CANDIDATES,
        create=_OLD_CARD,
        update={**_OLD_CARD, "middle_name": "Ильич"},
    ),
    *_resource_ops(
        "vacancies", Setup.vacancy, VACANCIES, create=_old_vacancy, update=_whole_vacancy
    ),
    *_resource_ops(
        "interviews", Setup.interview, INTERVIEWS, create=_interview_body, item=_INTERVIEW
    ),
    LegacyOperation(
        "GET", f"{_INTERVIEW}/stage-results", _stage_results(), 200, INTERVIEWS, R, **_ID
    ),
    LegacyOperation(
        "POST",
        f"{_INTERVIEW}/stage-results",
        _stage_results(
            body={"interview_stage_code_old": 2, "interview_stage_code_new": 3, "note": "x"}
        ),
        200,
        INTERVIEWS,
        U,
        **_ID,
    ),
    LegacyOperation("GET", _RESULT, _stage_results(item=True), 200, INTERVIEWS, R, **_ID),
    LegacyOperation("DELETE", _RESULT, _stage_results(item=True), 200, INTERVIEWS, D, **_ID),
]

# Outside the matrix on purpose: they work before the caller has an access token.
LEGACY_PUBLIC_OPERATIONS = {
    f"POST {API}/sessions",
    f"PATCH {API}/sessions",
    f"DELETE {API}/sessions",
}
