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

    async def webhook(self) -> dict[str, Any]:
        return await self.post(
            "/webhooks", {"url": "https://hooks.gefest.invalid/gefest", "event_types": ["*"]}
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


# --- request builders shared by every resource --------------------------------------------

Make = Callable[[Setup], Awaitable[dict[str, Any]]]


def _listing(collection: str, make: Make) -> Prepare:
    async def prepare(setup: Setup) -> Call:
        row = await make(setup)
        return Call(f"{API}/{collection}", listed_id=row["id"])

    return prepare


def _item(collection: str, make: Make, suffix: str = "", json: Any = None) -> Prepare:
    """A call on one row; the row's card is the probe that must not change for a stranger."""

    async def prepare(setup: Setup) -> Call:
        row = await make(setup)
        item = f"{API}/{collection}/{row['id']}"
        return Call(item + suffix, json, probe=item)

    return prepare


def _restore(collection: str, make: Make) -> Prepare:
    async def prepare(setup: Setup) -> Call:
        row = await make(setup)
        item = f"{API}/{collection}/{row['id']}"
        response = await setup.client.delete(item, headers=setup.tenant.admin.headers)
        assert response.status_code == 204, response.text
        return Call(f"{item}/restore")

    return prepare


def _create(collection: str, body: Callable[[Setup], Awaitable[dict[str, Any]]]) -> Prepare:
    async def prepare(setup: Setup) -> Call:
        return Call(f"{API}/{collection}", await body(setup))

    return prepare


def _org_ops(kind: str) -> list[Operation]:
    async def make(setup: Setup) -> dict[str, Any]:
        return await setup.org(kind)

    async def body(_: Setup) -> dict[str, Any]:
        return {"name": unique(kind)}

    org = Resource.ORGANISATION
    base, item = f"{API}/{kind}", f"{API}/{kind}/{{id}}"
    return [
        Operation("GET", base, _listing(kind, make), 200, org, Action.READ, is_list=True),
        Operation("GET", item, _item(kind, make), 200, org, Action.READ, takes_owned_id=True),
        Operation("POST", base, _create(kind, body), 201, org, Action.CREATE),
        Operation(
            "PATCH",
            item,
            _item(kind, make, json={"name": unique(kind)}),
            200,
            org,
            Action.UPDATE,
            takes_owned_id=True,
        ),
        Operation("DELETE", item, _item(kind, make), 204, org, Action.DELETE, takes_owned_id=True),
    ]


async def _skill_body(_: Setup) -> dict[str, Any]:
    return {"name": unique("skill")}


async def _user_body(_: Setup) -> dict[str, Any]:
    name = unique("new")
    return {
        "username": name,
        "password": "long-enough-password",
        "role_code": "recruiter",
        "first_name": "Olga",
        "last_name": "Sidorova",
        "email": f"{name}@example.com",
    }


async def _candidate_body(setup: Setup) -> dict[str, Any]:
    position = await setup.org("positions")
    return {"first_name": "Пётр", "last_name": "Ёлкин", "position_id": position["id"]}


async def _vacancy_body(setup: Setup) -> dict[str, Any]:
    position = await setup.org("positions")
    department = await setup.org("departments")
    return {
        "position_id": position["id"],
        "department_id": department["id"],
        "employee_count": 1,
        "priority_code": 1,
    }


async def _interview_body(setup: Setup) -> dict[str, Any]:
    candidate = await setup.candidate()
    vacancy = await setup.vacancy()
    return {"candidate_id": candidate["id"], "vacancy_id": vacancy["id"]}


def _stage_result(suffix: str = "") -> Prepare:
    async def prepare(setup: Setup) -> Call:
        interview, result = await setup.stage_result()
        item = f"{API}/interviews/{interview['id']}/stage-results"
        if suffix:
            return Call(f"{item}/{result['id']}", probe=f"{item}/{result['id']}")
        return Call(item, probe=f"{API}/interviews/{interview['id']}")

    return prepare


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
    Operation(
        "GET", f"{API}/skills", _listing("skills", Setup.skill), 200, SKILLS, R, is_list=True
    ),
    Operation("GET", f"{API}/skills/{{id}}", _item("skills", Setup.skill), 200, SKILLS, R, **_ID),
    Operation("POST", f"{API}/skills", _create("skills", _skill_body), 201, SKILLS, C),
    Operation(
        "DELETE", f"{API}/skills/{{id}}", _item("skills", Setup.skill), 204, SKILLS, D, **_ID
    ),
    Operation("GET", f"{API}/users", _listing("users", Setup.user), 200, USERS, R, is_list=True),
    Operation("GET", f"{API}/users/{{id}}", _item("users", Setup.user), 200, USERS, R, **_ID),
    Operation("POST", f"{API}/users", _create("users", _user_body), 201, USERS, C),
    Operation(
        "PATCH",
        f"{API}/users/{{id}}",
        _item("users", Setup.user, json={"first_name": "Renamed"}),
        200,
        USERS,
        U,
        **_ID,
    ),
    Operation(
        "POST",
        f"{API}/users/{{id}}/unblock",
        _item("users", Setup.user, "/unblock"),
        200,
        USERS,
        U,
        **_ID,
    ),
    Operation("DELETE", f"{API}/users/{{id}}", _item("users", Setup.user), 204, USERS, D, **_ID),
    Operation(
        "GET",
        f"{API}/candidates",
        _listing("candidates", Setup.candidate),
        200,
        CANDIDATES,
        R,
        is_list=True,
    ),
    Operation(
        "GET",
        f"{API}/candidates/{{id}}",
        _item("candidates", Setup.candidate),
        200,
        CANDIDATES,
        R,
        **_ID,
    ),
    Operation(
        "POST", f"{API}/candidates", _create("candidates", _candidate_body), 201, CANDIDATES, C
    ),
    Operation(
        "PATCH",
        f"{API}/candidates/{{id}}",
        _item("candidates", Setup.candidate, json={"middle_name": "Сергеевна"}),
        200,
        CANDIDATES,
        U,
        **_ID,
    ),
    Operation(
        "POST",
        f"{API}/candidates/{{id}}/notes",
        _item("candidates", Setup.candidate, "/notes", {"text": "called back"}),
        201,
        CANDIDATES,
        U,
        **_ID,
    ),
    Operation(
        "DELETE",
        f"{API}/candidates/{{id}}",
        _item("candidates", Setup.candidate),
        204,
        CANDIDATES,
        D,
        **_ID,
    ),
    Operation(
        "POST",
        f"{API}/candidates/{{id}}/restore",
        _restore("candidates", Setup.candidate),
        200,
        CANDIDATES,
        D,
        **_ID,
    ),
    Operation(
        "GET",
        f"{API}/vacancies",
        _listing("vacancies", Setup.vacancy),
        200,
        VACANCIES,
        R,
        is_list=True,
    ),
    Operation(
        "GET",
        f"{API}/vacancies/{{id}}",
        _item("vacancies", Setup.vacancy),
        200,
        VACANCIES,
        R,
        **_ID,
    ),
    Operation("POST", f"{API}/vacancies", _create("vacancies", _vacancy_body), 201, VACANCIES, C),
    Operation(
        "PATCH",
        f"{API}/vacancies/{{id}}",
        _item("vacancies", Setup.vacancy, json={"employee_count": 3}),
        200,
        VACANCIES,
        U,
        **_ID,
    ),
    Operation(
        "DELETE",
        f"{API}/vacancies/{{id}}",
        _item("vacancies", Setup.vacancy),
        204,
        VACANCIES,
        D,
        **_ID,
    ),
    Operation(
        "POST",
        f"{API}/vacancies/{{id}}/restore",
        _restore("vacancies", Setup.vacancy),
        200,
        VACANCIES,
        D,
        **_ID,
    ),
    Operation(
        "GET",
        f"{API}/interviews",
        _listing("interviews", Setup.interview),
        200,
        INTERVIEWS,
        R,
        is_list=True,
    ),
    Operation(
        "GET",
        f"{API}/interviews/{{id}}",
        _item("interviews", Setup.interview),
        200,
        INTERVIEWS,
        R,
        **_ID,
    ),
    Operation(
        "POST", f"{API}/interviews", _create("interviews", _interview_body), 201, INTERVIEWS, C
    ),
    Operation(
        "DELETE",
        f"{API}/interviews/{{id}}",
        _item("interviews", Setup.interview),
        204,
        INTERVIEWS,
        D,
        **_ID,
    ),
    Operation(
        "POST",
        f"{API}/interviews/{{id}}/restore",
        _restore("interviews", Setup.interview),
        200,
        INTERVIEWS,
        D,
        **_ID,
    ),
    Operation(
        "POST",
        f"{API}/interviews/{{id}}/stage-results",
        _item("interviews", Setup.interview, "/stage-results", {"new_stage_code": 3, "note": "x"}),
        201,
        INTERVIEWS,
        U,
        **_ID,
    ),
    Operation(
        "GET", f"{API}/interviews/{{id}}/stage-results", _stage_result(), 200, INTERVIEWS, R, **_ID
    ),
    Operation(
        "GET",
        f"{API}/interviews/{{id}}/stage-results/{{result_id}}",
        _stage_result("item"),
        200,
        INTERVIEWS,
        R,
        **_ID,
    ),
    Operation(
        "DELETE",
        f"{API}/interviews/{{id}}/stage-results/{{result_id}}",
        _stage_result("item"),
        204,
        INTERVIEWS,
        D,
        **_ID,
    ),
]


def _history_ops() -> list[Operation]:
    """The history of each entity that has one, read as its readers read the entity."""
    made: list[tuple[str, Make, Resource]] = [
        ("candidates", Setup.candidate, CANDIDATES),
        ("vacancies", Setup.vacancy, VACANCIES),
        ("interviews", Setup.interview, INTERVIEWS),
        ("users", Setup.user, USERS),
    ]
    return [
        Operation(
            "GET",
            f"{API}/{collection}/{{id}}/history",
            _item(collection, make, "/history"),
            200,
            resource,
            R,
            **_ID,
        )
        for collection, make, resource in made
    ]


def _pinged(suffix: str) -> Prepare:
    """A webhook with one delivery (a ping); `suffix` after the webhook's path."""

    async def prepare(setup: Setup) -> Call:
        webhook = await setup.webhook()
        item = f"{API}/webhooks/{webhook['id']}"
        ping = await setup.client.post(f"{item}/ping", headers=setup.tenant.admin.headers)
        assert ping.status_code == 202, ping.text
        return Call(item + suffix.format(delivery=ping.json()["delivery_id"]), probe=item)

    return prepare


async def _webhook_body(_: Setup) -> dict[str, Any]:
    return {"url": "https://hooks.gefest.invalid/new", "event_types": ["candidate.created"]}


def _webhook_ops() -> list[Operation]:
    hooks, item = Resource.WEBHOOKS, f"{API}/webhooks/{{id}}"
    return [
        Operation("POST", f"{API}/webhooks", _create("webhooks", _webhook_body), 201, hooks, C),
        Operation(
            "GET",
            f"{API}/webhooks",
            _listing("webhooks", Setup.webhook),
            200,
            hooks,
            R,
            is_list=True,
        ),
        Operation("GET", item, _item("webhooks", Setup.webhook), 200, hooks, R, **_ID),
        Operation(
            "PATCH",
            item,
            _item("webhooks", Setup.webhook, json={"description": "sync"}),
            200,
            hooks,
            U,
            **_ID,
        ),
        Operation("DELETE", item, _item("webhooks", Setup.webhook), 204, hooks, D, **_ID),
        Operation("GET", f"{item}/deliveries", _pinged("/deliveries"), 200, hooks, R, **_ID),
        Operation(
            "POST",
            f"{item}/deliveries/{{delivery_id}}/redeliver",
            _pinged("/deliveries/{delivery}/redeliver"),
            202,
            hooks,
            U,
            **_ID,
        ),
        Operation(
            "POST", f"{item}/ping", _item("webhooks", Setup.webhook, "/ping"), 202, hooks, U, **_ID
        ),
    ]


OPERATIONS += [
    *_webhook_ops(),
    *_history_ops(),
    Operation(
        "GET",
        f"{API}/events",
        _listing("events", Setup.skill),
        200,
        Resource.EVENTS,
        R,
    ),
]

# Operations outside the matrix on purpose: they work before the caller has an access token.
PUBLIC_OPERATIONS = {
    "POST /api/v1/sessions",
    "PATCH /api/v1/sessions",
    "DELETE /api/v1/sessions",
    "PATCH /api/v1/users/current/password",  # every signed-in user; covered by its own tests
}
