"""Every API operation, described once: who may call it (from the domain's permission matrix),
what success looks like, and how to build a concrete request for it in a given company.

The role-matrix and tenant-isolation tests are generated from this table; a coverage test fails
when the app has an operation the table does not describe."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from domain.identity.permissions import PERMISSIONS, Action, Resource
from domain.identity.role import Role
from tests.support.tenants import Tenant

API = "/api/v1"


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


@dataclass
class Call:
    """One concrete request, plus how to look at the row it targets (for 'nothing changed')."""

    path: str
    json: Any = None
    probe: str | None = None  # GET path (as the owner's admin) of the targeted row
    listed_id: str | None = None  # for lists: an id of the owner's that must not leak


class Setup:
    """Builds rows in one company through the API, as that company's admin."""

    def __init__(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        self.client = client
        self.tenant = tenant

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.client.post(API + path, json=body, headers=self.tenant.admin.headers)
        assert response.status_code in (200, 201), (path, response.status_code, response.text)
        return response.json()

    async def org(self, kind: str) -> dict[str, Any]:
        return await self.post(f"/{kind}", {"name": unique(kind)})

    async def skill(self) -> dict[str, Any]:
        return await self.post("/skills", {"name": unique("skill")})

    async def user(self, role: str = "employee") -> dict[str, Any]:
        name = unique("user")
        return await self.post(
            "/users",
            {
                "username": name,
                "password": "long-enough-password",
                "role_code": role,
                "first_name": "Ivan",
                "last_name": "Petrov",
                "email": f"{name}@example.com",
            },
        )

    async def candidate(self) -> dict[str, Any]:
        position = await self.org("positions")
        return await self.post(
            "/candidates",
            {
                "first_name": "Анна",
                "last_name": unique("Иванова").split("-")[0],
                "position_id": position["id"],
            },
        )

    async def vacancy(self) -> dict[str, Any]:
        position = await self.org("positions")
        department = await self.org("departments")
        return await self.post(
            "/vacancies",
            {
                "position_id": position["id"],
                "department_id": department["id"],
                "employee_count": 2,
                "priority_code": 2,
            },
        )

    async def interview(self) -> dict[str, Any]:
        candidate = await self.candidate()
        vacancy = await self.vacancy()
        return await self.post(
            "/interviews", {"candidate_id": candidate["id"], "vacancy_id": vacancy["id"]}
        )

    async def stage_result(self) -> tuple[dict[str, Any], dict[str, Any]]:
        interview = await self.interview()
        result = await self.post(
            f"/interviews/{interview['id']}/stage-results", {"new_stage_code": 2, "note": "call"}
        )
        return interview, result


Prepare = Callable[[Setup], Awaitable[Call]]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the OpenAPI path template
    prepare: Prepare
    success: int
    resource: Resource | None = None  # None: any signed-in user
    action: Action | None = None
    takes_owned_id: bool = False  # the path names a row of the caller's company
    is_list: bool = False
    tags: tuple[str, ...] = field(default=())

    @property
    def allowed(self) -> frozenset[Role]:
        if self.resource is None or self.action is None:
            return frozenset(Role)
        return PERMISSIONS[self.resource][self.action]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def _static(path: str, json: Any = None) -> Prepare:
    async def prepare(_: Setup) -> Call:
        return Call(API + path, json)

    return prepare


# --- organisation dictionaries -------------------------------------------------------------


def _org_ops(kind: str) -> list[Operation]:
    async def list_(setup: Setup) -> Call:
        row = await setup.org(kind)
        return Call(f"{API}/{kind}", listed_id=row["id"])

    async def get(setup: Setup) -> Call:
        row = await setup.org(kind)
        return Call(f"{API}/{kind}/{row['id']}", probe=f"{API}/{kind}/{row['id']}")

    async def create(_: Setup) -> Call:
        return Call(f"{API}/{kind}", {"name": unique(kind)})

    async def rename(setup: Setup) -> Call:
        row = await setup.org(kind)
        path = f"{API}/{kind}/{row['id']}"
        return Call(path, {"name": unique(kind)}, probe=path)

    async def delete(setup: Setup) -> Call:
        row = await setup.org(kind)
        path = f"{API}/{kind}/{row['id']}"
        return Call(path, probe=path)

    org = Resource.ORGANISATION
    base, item = f"{API}/{kind}", f"{API}/{kind}/{{id}}"
    return [
        Operation("GET", base, list_, 200, org, Action.READ, is_list=True),
        Operation("GET", item, get, 200, org, Action.READ, takes_owned_id=True),
        Operation("POST", base, create, 201, org, Action.CREATE),
        Operation("PATCH", item, rename, 200, org, Action.UPDATE, takes_owned_id=True),
        Operation("DELETE", item, delete, 204, org, Action.DELETE, takes_owned_id=True),
    ]


# --- skills ---------------------------------------------------------------------------------


async def _skills_list(setup: Setup) -> Call:
    row = await setup.skill()
    return Call(f"{API}/skills", listed_id=row["id"])


async def _skill_get(setup: Setup) -> Call:
    row = await setup.skill()
    return Call(f"{API}/skills/{row['id']}", probe=f"{API}/skills/{row['id']}")


async def _skill_create(_: Setup) -> Call:
    return Call(f"{API}/skills", {"name": unique("skill")})


async def _skill_delete(setup: Setup) -> Call:
    row = await setup.skill()
    return Call(f"{API}/skills/{row['id']}", probe=f"{API}/skills/{row['id']}")


# --- users ----------------------------------------------------------------------------------


async def _users_list(setup: Setup) -> Call:
    row = await setup.user()
    return Call(f"{API}/users", listed_id=row["id"])


async def _user_get(setup: Setup) -> Call:
    row = await setup.user()
    return Call(f"{API}/users/{row['id']}", probe=f"{API}/users/{row['id']}")


async def _user_create(_: Setup) -> Call:
    name = unique("new")
    return Call(
        f"{API}/users",
        {
            "username": name,
            "password": "long-enough-password",
            "role_code": "recruiter",
            "first_name": "Olga",
            "last_name": "Sidorova",
            "email": f"{name}@example.com",
        },
    )


async def _user_patch(setup: Setup) -> Call:
    row = await setup.user()
    path = f"{API}/users/{row['id']}"
    return Call(path, {"first_name": "Renamed"}, probe=path)


async def _user_unblock(setup: Setup) -> Call:
    row = await setup.user()
    return Call(f"{API}/users/{row['id']}/unblock", probe=f"{API}/users/{row['id']}")


async def _user_delete(setup: Setup) -> Call:
    row = await setup.user()
    return Call(f"{API}/users/{row['id']}", probe=f"{API}/users/{row['id']}")


# --- candidates -----------------------------------------------------------------------------


async def _candidates_list(setup: Setup) -> Call:
    row = await setup.candidate()
    return Call(f"{API}/candidates", listed_id=row["id"])


async def _candidate_get(setup: Setup) -> Call:
    row = await setup.candidate()
    return Call(f"{API}/candidates/{row['id']}", probe=f"{API}/candidates/{row['id']}")


async def _candidate_create(setup: Setup) -> Call:
    position = await setup.org("positions")
    return Call(
        f"{API}/candidates",
        {"first_name": "Пётр", "last_name": "Ёлкин", "position_id": position["id"]},
    )


async def _candidate_patch(setup: Setup) -> Call:
    row = await setup.candidate()
    path = f"{API}/candidates/{row['id']}"
    return Call(path, {"middle_name": "Сергеевна"}, probe=path)


async def _candidate_note(setup: Setup) -> Call:
    row = await setup.candidate()
    return Call(
        f"{API}/candidates/{row['id']}/notes",
        {"text": "called back"},
        probe=f"{API}/candidates/{row['id']}",
    )


async def _candidate_delete(setup: Setup) -> Call:
    row = await setup.candidate()
    return Call(f"{API}/candidates/{row['id']}", probe=f"{API}/candidates/{row['id']}")


async def _candidate_restore(setup: Setup) -> Call:
    row = await setup.candidate()
    response = await setup.client.delete(
        f"{API}/candidates/{row['id']}", headers=setup.tenant.admin.headers
    )
    assert response.status_code == 204, response.text
    return Call(f"{API}/candidates/{row['id']}/restore")


# --- vacancies ------------------------------------------------------------------------------


async def _vacancies_list(setup: Setup) -> Call:
    row = await setup.vacancy()
    return Call(f"{API}/vacancies", listed_id=row["id"])


async def _vacancy_get(setup: Setup) -> Call:
    row = await setup.vacancy()
    return Call(f"{API}/vacancies/{row['id']}", probe=f"{API}/vacancies/{row['id']}")


async def _vacancy_create(setup: Setup) -> Call:
    position = await setup.org("positions")
    department = await setup.org("departments")
    return Call(
        f"{API}/vacancies",
        {
            "position_id": position["id"],
            "department_id": department["id"],
            "employee_count": 1,
            "priority_code": 1,
        },
    )


async def _vacancy_patch(setup: Setup) -> Call:
    row = await setup.vacancy()
    path = f"{API}/vacancies/{row['id']}"
    return Call(path, {"employee_count": 3}, probe=path)


async def _vacancy_delete(setup: Setup) -> Call:
    row = await setup.vacancy()
    return Call(f"{API}/vacancies/{row['id']}", probe=f"{API}/vacancies/{row['id']}")


async def _vacancy_restore(setup: Setup) -> Call:
    row = await setup.vacancy()
    response = await setup.client.delete(
        f"{API}/vacancies/{row['id']}", headers=setup.tenant.admin.headers
    )
    assert response.status_code == 204, response.text
    return Call(f"{API}/vacancies/{row['id']}/restore")


# --- interviews -----------------------------------------------------------------------------


async def _interviews_list(setup: Setup) -> Call:
    row = await setup.interview()
    return Call(f"{API}/interviews", listed_id=row["id"])


async def _interview_get(setup: Setup) -> Call:
    row = await setup.interview()
    return Call(f"{API}/interviews/{row['id']}", probe=f"{API}/interviews/{row['id']}")


async def _interview_create(setup: Setup) -> Call:
    candidate = await setup.candidate()
    vacancy = await setup.vacancy()
    return Call(f"{API}/interviews", {"candidate_id": candidate["id"], "vacancy_id": vacancy["id"]})


async def _interview_delete(setup: Setup) -> Call:
    row = await setup.interview()
    return Call(f"{API}/interviews/{row['id']}", probe=f"{API}/interviews/{row['id']}")


async def _interview_restore(setup: Setup) -> Call:
    row = await setup.interview()
    response = await setup.client.delete(
        f"{API}/interviews/{row['id']}", headers=setup.tenant.admin.headers
    )
    assert response.status_code == 204, response.text
    return Call(f"{API}/interviews/{row['id']}/restore")


async def _stage_move(setup: Setup) -> Call:
    row = await setup.interview()
    return Call(
        f"{API}/interviews/{row['id']}/stage-results",
        {"new_stage_code": 3, "note": "moved"},
        probe=f"{API}/interviews/{row['id']}",
    )


async def _stage_results_list(setup: Setup) -> Call:
    interview, _ = await setup.stage_result()
    return Call(
        f"{API}/interviews/{interview['id']}/stage-results",
        probe=f"{API}/interviews/{interview['id']}",
    )


async def _stage_result_get(setup: Setup) -> Call:
    interview, result = await setup.stage_result()
    path = f"{API}/interviews/{interview['id']}/stage-results/{result['id']}"
    return Call(path, probe=path)


async def _stage_result_delete(setup: Setup) -> Call:
    interview, result = await setup.stage_result()
    path = f"{API}/interviews/{interview['id']}/stage-results/{result['id']}"
    return Call(path, probe=path)


def _refs() -> list[Operation]:
    return [
        Operation(
            "GET",
            f"{API}/refs/{{name}}",
            _static("/refs/interview-stages"),
            200,
            Resource.REFS,
            Action.READ,
        )
    ]


SKILLS, USERS = Resource.SKILLS, Resource.USERS
CANDIDATES, VACANCIES, INTERVIEWS = Resource.CANDIDATES, Resource.VACANCIES, Resource.INTERVIEWS
R, C, U, D = Action.READ, Action.CREATE, Action.UPDATE, Action.DELETE
_ID = {"takes_owned_id": True}

OPERATIONS: list[Operation] = [
    Operation("GET", f"{API}/users/current", _static("/users/current"), 200),
    Operation("DELETE", f"{API}/sessions/all", _static("/sessions/all"), 204),
    *_refs(),
    *_org_ops("departments"),
    *_org_ops("positions"),
    *_org_ops("grades"),
    Operation("GET", f"{API}/skills", _skills_list, 200, SKILLS, R, is_list=True),
    Operation("GET", f"{API}/skills/{{id}}", _skill_get, 200, SKILLS, R, **_ID),
    Operation("POST", f"{API}/skills", _skill_create, 201, SKILLS, C),
    Operation("DELETE", f"{API}/skills/{{id}}", _skill_delete, 204, SKILLS, D, **_ID),
    Operation("GET", f"{API}/users", _users_list, 200, USERS, R, is_list=True),
    Operation("GET", f"{API}/users/{{id}}", _user_get, 200, USERS, R, **_ID),
    Operation("POST", f"{API}/users", _user_create, 201, USERS, C),
    Operation("PATCH", f"{API}/users/{{id}}", _user_patch, 200, USERS, U, **_ID),
    Operation("POST", f"{API}/users/{{id}}/unblock", _user_unblock, 200, USERS, U, **_ID),
    Operation("DELETE", f"{API}/users/{{id}}", _user_delete, 204, USERS, D, **_ID),
    Operation("GET", f"{API}/candidates", _candidates_list, 200, CANDIDATES, R, is_list=True),
    Operation("GET", f"{API}/candidates/{{id}}", _candidate_get, 200, CANDIDATES, R, **_ID),
    Operation("POST", f"{API}/candidates", _candidate_create, 201, CANDIDATES, C),
    Operation("PATCH", f"{API}/candidates/{{id}}", _candidate_patch, 200, CANDIDATES, U, **_ID),
    Operation("POST", f"{API}/candidates/{{id}}/notes", _candidate_note, 201, CANDIDATES, U, **_ID),
    Operation("DELETE", f"{API}/candidates/{{id}}", _candidate_delete, 204, CANDIDATES, D, **_ID),
    Operation(
        "POST", f"{API}/candidates/{{id}}/restore", _candidate_restore, 200, CANDIDATES, U, **_ID
    ),
    Operation("GET", f"{API}/vacancies", _vacancies_list, 200, VACANCIES, R, is_list=True),
    Operation("GET", f"{API}/vacancies/{{id}}", _vacancy_get, 200, VACANCIES, R, **_ID),
    Operation("POST", f"{API}/vacancies", _vacancy_create, 201, VACANCIES, C),
    Operation("PATCH", f"{API}/vacancies/{{id}}", _vacancy_patch, 200, VACANCIES, U, **_ID),
    Operation("DELETE", f"{API}/vacancies/{{id}}", _vacancy_delete, 204, VACANCIES, D, **_ID),
    Operation(
        "POST", f"{API}/vacancies/{{id}}/restore", _vacancy_restore, 200, VACANCIES, U, **_ID
    ),
    Operation("GET", f"{API}/interviews", _interviews_list, 200, INTERVIEWS, R, is_list=True),
    Operation("GET", f"{API}/interviews/{{id}}", _interview_get, 200, INTERVIEWS, R, **_ID),
    Operation("POST", f"{API}/interviews", _interview_create, 201, INTERVIEWS, C),
    Operation("DELETE", f"{API}/interviews/{{id}}", _interview_delete, 204, INTERVIEWS, D, **_ID),
    Operation(
        "POST", f"{API}/interviews/{{id}}/restore", _interview_restore, 200, INTERVIEWS, U, **_ID
    ),
    Operation(
        "POST", f"{API}/interviews/{{id}}/stage-results", _stage_move, 201, INTERVIEWS, U, **_ID
    ),
    Operation(
        "GET",
        f"{API}/interviews/{{id}}/stage-results",
        _stage_results_list,
        200,
        INTERVIEWS,
        R,
        **_ID,
    ),
    Operation(
        "GET",
        f"{API}/interviews/{{id}}/stage-results/{{result_id}}",
        _stage_result_get,
        200,
        INTERVIEWS,
        R,
        **_ID,
    ),
    Operation(
        "DELETE",
        f"{API}/interviews/{{id}}/stage-results/{{result_id}}",
        _stage_result_delete,
        204,
        INTERVIEWS,
        D,
        **_ID,
    ),
]

# Operations outside the matrix on purpose: they work before the caller has an access token.
PUBLIC_OPERATIONS = {
    "POST /api/v1/sessions",
    "PATCH /api/v1/sessions",
    "DELETE /api/v1/sessions",
    "PATCH /api/v1/users/current/password",  # every signed-in user; covered by its own tests
}
