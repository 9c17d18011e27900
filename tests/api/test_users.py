"""`/users` over HTTP on the real app and PostgreSQL: shapes, every validation rule with its
field, uniqueness, ETag / If-Match, pagination, filters, tenancy, the role rule and what
deactivating, blocking and password changes do to sessions. No response ever carries a
password hash (checked on every response of this module)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from dishka import AsyncContainer
from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.tables import departments, grades, positions, users
from domain.identity.role import Role
from tests.support.http import assert_error
from tests.support.tenants import PASSWORD, Tenant, access_token_for

API = "/api/v1"
USER_FIELDS = {
    "id",
    "username",
    "role_code",
    "first_name",
    "last_name",
    "middle_name",
    "email",
    "department",
    "position",
    "grade",
    "is_active",
    "is_blocked",
    "must_change_password",
    "logged_in_at",
    "created_at",
    "updated_at",
    "version",
}
NEW_PASSWORD = "long-enough-password"


@pytest.fixture(autouse=True)
def no_password_hash_ever_leaves(client: httpx.AsyncClient) -> Iterator[None]:
    async def check(response: httpx.Response) -> None:
        await response.aread()
        assert "$2b$" not in response.text, (response.request.url, response.text)

    client.event_hooks["response"].append(check)
    yield
    client.event_hooks["response"].remove(check)


def payload(**changes: Any) -> dict[str, Any]:
    name = f"user-{secrets.token_hex(4)}"
    body: dict[str, Any] = {
        "username": name,
        "password": NEW_PASSWORD,
        "role_code": "recruiter",
        "first_name": "Olga",
        "last_name": "Sidorova",
        "email": f"{name}@example.com",
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not ...}


async def create(client: httpx.AsyncClient, tenant: Tenant, **changes: Any) -> dict[str, Any]:
    response = await client.post(
        f"{API}/users", json=payload(**changes), headers=tenant.admin.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def read(client: httpx.AsyncClient, tenant: Tenant, user_id: str) -> httpx.Response:
    response = await client.get(f"{API}/users/{user_id}", headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    return response


async def add_unit(container: AsyncContainer, table: Any, company_id: UUID, name: str) -> str:
    """Organisation rows straight into the app's database (no dependency on their endpoints)."""
    engine = await container.get(AsyncEngine)
    unit_id = uuid4()
    async with engine.begin() as connection:
        await connection.execute(insert(table).values(id=unit_id, company_id=company_id, name=name))
    return str(unit_id)


async def user_count(client: httpx.AsyncClient, tenant: Tenant) -> int:
    response = await client.get(f"{API}/users", params={"limit": 1}, headers=tenant.admin.headers)
    return response.json()["count"]


async def login(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post(f"{API}/sessions", json={"username": username, "password": password})


# --- create and read ----------------------------------------------------------------------------


async def test_create_answers_201_with_the_full_user_location_and_etag(client, tenant, container):
    department = await add_unit(container, departments, tenant.company_id, "Продажи")
    position = await add_unit(container, positions, tenant.company_id, "Менеджер")
    grade = await add_unit(container, grades, tenant.company_id, "Middle")
    body = payload(
        username="anna.petrova",
        email=" Anna@Example.COM",
        first_name=" Анна ",
        last_name="Петрова",
        middle_name="Сергеевна",
        role_code="manager",
        department_id=department,
        position_id=position,
        grade_id=grade,
    )

    response = await client.post(f"{API}/users", json=body, headers=tenant.admin.headers)

    assert response.status_code == 201, response.text
    user = response.json()
    assert set(user) == USER_FIELDS
    assert response.headers["location"] == f"{API}/users/{user['id']}"
    assert response.headers["etag"] == '"1"'
    assert user == {
        "id": user["id"],
        "username": "anna.petrova",
        "role_code": "manager",
        "first_name": "Анна",
        "last_name": "Петрова",
        "middle_name": "Сергеевна",
        "email": "anna@example.com",
        "department": {"id": department, "name": "Продажи"},
        "position": {"id": position, "name": "Менеджер"},
        "grade": {"id": grade, "name": "Middle"},
        "is_active": True,
        "is_blocked": False,
        "must_change_password": False,
        "logged_in_at": None,
        "created_at": user["created_at"],
        "updated_at": user["created_at"],
        "version": 1,
    }
    assert user["created_at"].endswith("Z") or user["created_at"].endswith("+00:00")
    fetched = await client.get(response.headers["location"], headers=tenant.admin.headers)
    assert fetched.status_code == 200
    assert fetched.json() == user
    assert fetched.headers["etag"] == '"1"'


async def test_the_optional_fields_may_be_left_out(client, tenant):
    user = await create(client, tenant)
    assert (user["middle_name"], user["department"], user["position"], user["grade"]) == (
        None,
        None,
        None,
        None,
    )


async def test_users_current_still_answers_the_caller(client, tenant):
    response = await client.get(f"{API}/users/current", headers=tenant.admin.headers)
    assert response.status_code == 200
    assert response.json()["id"] == str(tenant.admin.id)
    assert set(response.json()) == USER_FIELDS
    # `current` is no user id: the /users/{id} handlers never see it.
    assert (
        await client.patch(f"{API}/users/current", json={}, headers=tenant.admin.headers)
    ).status_code == 405
    assert (
        await client.delete(f"{API}/users/current", headers=tenant.admin.headers)
    ).status_code == 405


async def test_an_unknown_or_malformed_id_is_not_found(client, tenant):
    assert_error(
        await client.get(f"{API}/users/{uuid4()}", headers=tenant.admin.headers), 404, "not_found"
    )
    response = await client.get(f"{API}/users/not-a-uuid", headers=tenant.admin.headers)
    assert response.status_code in (400, 404)


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "ab"}, "username"),
        ({"username": "a" * 65}, "username"),
        ({"username": "has space"}, "username"),
        ({"username": "Ольга"}, "username"),
        ({"username": "semi;colon"}, "username"),
        ({"username": ...}, "username"),
        ({"password": "1234567"}, "password"),
        ({"password": "я" * 37}, "password"),
        ({"password": ...}, "password"),
        ({"role_code": "boss"}, "role_code"),
        ({"role_code": 1}, "role_code"),
        ({"role_code": ...}, "role_code"),
        ({"first_name": ""}, "first_name"),
        ({"first_name": "   "}, "first_name"),
        ({"first_name": "x" * 101}, "first_name"),
        ({"first_name": "nul\u0000byte"}, "first_name"),
        ({"last_name": ""}, "last_name"),
        ({"last_name": "x" * 101}, "last_name"),
        ({"last_name": None}, "last_name"),
        ({"middle_name": "x" * 101}, "middle_name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "two@@example.com"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"email": ...}, "email"),
        ({"department_id": "not-a-uuid"}, "department_id"),
        ({"position_id": 42}, "position_id"),
        ({"grade_id": str(uuid4())}, "grade_id"),
        ({"company_id": str(uuid4())}, "company_id"),
        ({"id": str(uuid4())}, "id"),
        ({"version": 5}, "version"),
        ({"is_blocked": True}, "is_blocked"),
        ({"is_active": False}, "is_active"),
        ({"password_hash": "x"}, "password_hash"),
    ],
)
async def test_create_refuses_each_bad_value_on_its_field(client, tenant, changes, field):
    before = await user_count(client, tenant)
    response = await client.post(
        f"{API}/users", json=payload(**changes), headers=tenant.admin.headers
    )
    assert_error(response, 400, "invalid_request", field=field)
    assert await user_count(client, tenant) == before


async def test_create_reports_every_domain_problem_at_once(client, tenant):
    body = payload(username="No Spaces", first_name="  ", email="nope", grade_id=str(uuid4()))
    response = await client.post(f"{API}/users", json=body, headers=tenant.admin.headers)
    error = assert_error(response, 400, "invalid_request")
    assert {d["field"] for d in error["details"]} == {"username", "first_name", "email", "grade_id"}


async def test_a_body_that_is_not_json_is_refused(client, tenant):
    response = await client.post(
        f"{API}/users",
        content="username=x",
        headers={**tenant.admin.headers, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(response, 415, "unsupported_media_type")


async def test_a_username_is_taken_across_the_system(client, tenant, other_tenant):
    existing = await create(client, tenant)
    before = await user_count(client, tenant)
    for headers in (tenant.admin.headers, other_tenant.admin.headers):
        response = await client.post(
            f"{API}/users", json=payload(username=existing["username"]), headers=headers
        )
        assert_error(response, 409, "already_exists")
    assert await user_count(client, tenant) == before
    # The bootstrap admin's name is as taken as any other.
    response = await client.post(
        f"{API}/users",
        json=payload(username=tenant.admin.username),
        headers=other_tenant.admin.headers,
    )
    assert_error(response, 409, "already_exists")


@pytest.mark.parametrize("typed", ["ABCx", "Olga", " olga", "olga ", "ol ga", "ольга", "o+l"])
async def test_a_username_outside_the_documented_set_is_refused_not_rewritten(
    client, tenant, typed
):
    before = await user_count(client, tenant)
    response = await client.post(
        f"{API}/users", json=payload(username=typed), headers=tenant.admin.headers
    )
    assert_error(response, 400, "invalid_request")
    assert "username" in {detail["field"] for detail in response.json()["details"]}
    assert await user_count(client, tenant) == before
    existing = await create(client, tenant)
    response = await client.patch(
        f"{API}/users/{existing['id']}", json={"username": typed}, headers=tenant.admin.headers
    )
    assert_error(response, 400, "invalid_request")
    stored = await client.get(f"{API}/users/{existing['id']}", headers=tenant.admin.headers)
    assert stored.json()["username"] == existing["username"]


async def test_a_username_is_stored_exactly_as_typed(client, tenant):
    created = await create(client, tenant, username="olga.k-2_x")
    assert created["username"] == "olga.k-2_x"


@pytest.mark.parametrize(
    ("table", "field"),
    [(departments, "department_id"), (positions, "position_id"), (grades, "grade_id")],
)
async def test_another_companys_organisation_row_is_refused_and_nothing_created(
    client, tenant, other_tenant, container, table, field
):
    foreign = await add_unit(container, table, other_tenant.company_id, "Чужой")
    before = await user_count(client, tenant)
    response = await client.post(
        f"{API}/users", json=payload(**{field: foreign}), headers=tenant.admin.headers
    )
    body = assert_error(response, 400, "invalid_request", field=field)
    assert "in your company" in body["details"][0]["message"]
    assert await user_count(client, tenant) == before


# --- update -------------------------------------------------------------------------------------


async def test_a_patch_changes_only_what_it_sends(client, tenant, container):
    department = await add_unit(container, departments, tenant.company_id, "ИТ")
    user = await create(client, tenant, middle_name="Ивановна", department_id=department)

    response = await client.patch(
        f"{API}/users/{user['id']}",
        json={"first_name": "Ольга", "role_code": "manager"},
        headers=tenant.admin.headers,
    )

    assert response.status_code == 200, response.text
    changed = response.json()
    assert response.headers["etag"] == '"2"'
    expected = {**user, "first_name": "Ольга", "role_code": "manager", "version": 2}
    assert {k: v for k, v in changed.items() if k != "updated_at"} == {
        k: v for k, v in expected.items() if k != "updated_at"
    }
    assert changed["updated_at"] >= user["updated_at"]
    assert (await read(client, tenant, user["id"])).json() == changed


async def test_null_clears_the_nullable_fields_and_is_refused_for_the_others(
    client, tenant, container
):
    user = await create(
        client,
        tenant,
        middle_name="Ивановна",
        department_id=await add_unit(container, departments, tenant.company_id, "D"),
        position_id=await add_unit(container, positions, tenant.company_id, "P"),
        grade_id=await add_unit(container, grades, tenant.company_id, "G"),
    )
    path = f"{API}/users/{user['id']}"
    cleared = await client.patch(
        path,
        json={"middle_name": None, "department_id": None, "position_id": None, "grade_id": None},
        headers=tenant.admin.headers,
    )
    assert cleared.status_code == 200, cleared.text
    body = cleared.json()
    assert (body["middle_name"], body["department"], body["position"], body["grade"]) == (None,) * 4
    for field in ("username", "password", "role_code", "first_name", "last_name", "email"):
        response = await client.patch(path, json={field: None}, headers=tenant.admin.headers)
        assert_error(response, 400, "invalid_request", field=field)
    assert (await read(client, tenant, user["id"])).json() == body


async def test_an_empty_patch_changes_nothing(client, tenant):
    user = await create(client, tenant)
    response = await client.patch(
        f"{API}/users/{user['id']}", json={}, headers=tenant.admin.headers
    )
    assert response.status_code == 200
    assert response.json() == user
    assert response.headers["etag"] == '"1"'


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "x"}, "username"),
        ({"password": "short"}, "password"),
        ({"role_code": "root"}, "role_code"),
        ({"email": "no-at-sign"}, "email"),
        ({"last_name": ""}, "last_name"),
        ({"department_id": str(uuid4())}, "department_id"),
        ({"version": 9}, "version"),
        ({"company_id": str(uuid4())}, "company_id"),
        ({"is_active": True}, "is_active"),
        ({"must_change_password": False}, "must_change_password"),
    ],
)
async def test_a_patch_refuses_each_bad_value_on_its_field(client, tenant, body, field):
    user = await create(client, tenant)
    response = await client.patch(
        f"{API}/users/{user['id']}", json=body, headers=tenant.admin.headers
    )
    assert_error(response, 400, "invalid_request", field=field)
    assert (await read(client, tenant, user["id"])).json() == user


async def test_a_patch_to_a_taken_username_is_refused(client, tenant, other_tenant):
    taken = await create(client, other_tenant)
    user = await create(client, tenant)
    response = await client.patch(
        f"{API}/users/{user['id']}",
        json={"username": taken["username"]},
        headers=tenant.admin.headers,
    )
    assert_error(response, 409, "already_exists")
    assert (await read(client, tenant, user["id"])).json() == user


async def test_if_match_guards_patch_and_delete(client, tenant):
    user = await create(client, tenant)
    path = f"{API}/users/{user['id']}"
    headers = tenant.admin.headers

    ok = await client.patch(
        path, json={"first_name": "One"}, headers={**headers, "If-Match": '"1"'}
    )
    assert ok.status_code == 200 and ok.headers["etag"] == '"2"'
    for stale in ('"1"', '"7"', "garbage", 'W/"1"'):
        response = await client.patch(
            path, json={"first_name": "Two"}, headers={**headers, "If-Match": stale}
        )
        assert_error(response, 412, "precondition_failed")
        assert_error(
            await client.delete(path, headers={**headers, "If-Match": stale}),
            412,
            "precondition_failed",
        )
    current = (await read(client, tenant, user["id"])).json()
    assert (current["first_name"], current["version"], current["is_active"]) == ("One", 2, True)

    star = await client.patch(
        path, json={"first_name": "Any"}, headers={**headers, "If-Match": "*"}
    )
    assert star.status_code == 200 and star.json()["version"] == 3
    gone = await client.delete(path, headers={**headers, "If-Match": '"3"'})
    assert gone.status_code == 204


async def test_an_admin_cannot_demote_or_deactivate_themselves(client, tenant):
    me = tenant.admin
    path = f"{API}/users/{me.id}"
    before = (await read(client, tenant, str(me.id))).json()
    for role in ("employee", "manager", "recruiter", "customer"):
        response = await client.patch(path, json={"role_code": role}, headers=me.headers)
        body = assert_error(response, 409, "conflict")
        assert "own role" in body["error_description"]
    assert_error(await client.delete(path, headers=me.headers), 409, "conflict")
    assert (await read(client, tenant, str(me.id))).json() == before
    # Editing the rest of one's own account is fine, the unchanged role included.
    response = await client.patch(
        path, json={"role_code": "admin", "first_name": "Главный"}, headers=me.headers
    )
    assert response.status_code == 200
    assert response.json()["role_code"] == "admin" and response.json()["first_name"] == "Главный"


async def test_an_admin_may_demote_another_admin(client, tenant):
    other = await create(client, tenant, role_code="admin")
    response = await client.patch(
        f"{API}/users/{other['id']}", json={"role_code": "customer"}, headers=tenant.admin.headers
    )
    assert response.status_code == 200 and response.json()["role_code"] == "customer"


# --- another company ----------------------------------------------------------------------------


async def test_another_companys_user_is_not_found_and_nothing_changes(client, tenant, other_tenant):
    theirs = await create(client, other_tenant)
    path = f"{API}/users/{theirs['id']}"
    mine = tenant.admin.headers
    assert_error(await client.get(path, headers=mine), 404, "not_found")
    assert_error(await client.patch(path, json={"first_name": "X"}, headers=mine), 404, "not_found")
    assert_error(await client.delete(path, headers=mine), 404, "not_found")
    assert_error(await client.post(f"{path}/unblock", headers=mine), 404, "not_found")
    listed = await client.get(f"{API}/users", params={"q": theirs["username"]}, headers=mine)
    assert listed.json() == {"items": [], "count": 0}
    assert (await read(client, other_tenant, theirs["id"])).json() == theirs


async def test_another_companys_department_in_a_patch_is_refused(
    client, tenant, other_tenant, container
):
    user = await create(client, tenant)
    foreign = await add_unit(container, departments, other_tenant.company_id, "Чужой отдел")
    response = await client.patch(
        f"{API}/users/{user['id']}", json={"department_id": foreign}, headers=tenant.admin.headers
    )
    assert_error(response, 400, "invalid_request", field="department_id")
    assert (await read(client, tenant, user["id"])).json() == user


# --- roles --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
async def test_other_roles_may_not_touch_users_but_may_read_themselves(client, tenant, role):
    target = await create(client, tenant)
    member = tenant[role]
    path = f"{API}/users/{target['id']}"
    attempts = [
        client.get(f"{API}/users", headers=member.headers),
        client.post(f"{API}/users", json=payload(), headers=member.headers),
        client.get(path, headers=member.headers),
        client.patch(path, json={"first_name": "X"}, headers=member.headers),
        client.patch(
            f"{API}/users/{member.id}", json={"role_code": "admin"}, headers=member.headers
        ),
        client.delete(path, headers=member.headers),
        client.post(f"{path}/unblock", headers=member.headers),
    ]
    for attempt in attempts:
        assert_error(await attempt, 403, "access_denied")
    assert (await read(client, tenant, target["id"])).json() == target
    me = await client.get(f"{API}/users/current", headers=member.headers)
    assert me.status_code == 200 and me.json()["role_code"] == role.value
    changed = await client.patch(
        f"{API}/users/current/password",
        json={"old_password": PASSWORD, "new_password": "my-own-new-secret"},
        headers=member.headers,
    )
    assert changed.status_code == 204, changed.text


async def test_anonymous_callers_are_refused(client):
    assert_error(await client.get(f"{API}/users"), 401, "invalid_token")
    assert_error(await client.post(f"{API}/users", json=payload()), 401, "invalid_token")
    response = await client.patch(
        f"{API}/users/current/password", json={"old_password": "a", "new_password": "b" * 8}
    )
    assert_error(response, 401, "invalid_token")


# --- list ---------------------------------------------------------------------------------------


async def _team(client: httpx.AsyncClient, tenant: Tenant, container) -> dict[str, Any]:
    """Four users sharing a unique marker in their email, so a `q` isolates them."""
    marker = secrets.token_hex(4)
    sales = await add_unit(container, departments, tenant.company_id, f"Sales {marker}")
    team = {"marker": marker, "sales": sales}
    for key, last, first, middle, role, department in [
        ("a", "Яковлев", "Яков", None, "recruiter", sales),
        ("b", "Абрамов", "Абрам", "Петрович", "manager", None),
        ("c", "Морозова", "Мария", None, "recruiter", sales),
        ("d", "Абрамов", "Борис", None, "customer", None),
    ]:
        team[key] = await create(
            client,
            tenant,
            username=f"{key}-{marker}",
            email=f"{key}.{marker}@team.example",
            last_name=last,
            first_name=first,
            middle_name=middle,
            role_code=role,
            department_id=department,
        )
    return team


async def _list(client, tenant, **params: Any) -> tuple[list[str], int]:
    response = await client.get(f"{API}/users", params=params, headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"items", "count"}
    for item in body["items"]:
        assert set(item) == USER_FIELDS
    return [item["username"].split("-")[0] for item in body["items"]], body["count"]


async def test_the_list_filters_and_sorts(client, tenant, container):
    team = await _team(client, tenant, container)
    marker = team["marker"]
    assert await _list(client, tenant, q=marker) == (["a", "b", "c", "d"], 4)
    assert await _list(client, tenant, q=marker, sort="-created_at") == (["d", "c", "b", "a"], 4)
    by_name, _ = await _list(client, tenant, q=marker, sort="last_name")
    assert by_name[:2] == sorted(["b", "d"], key=lambda k: team[k]["id"]) and by_name[2:] == [
        "c",
        "a",
    ]
    assert (await _list(client, tenant, q=marker, sort="-last_name"))[0] == list(reversed(by_name))
    assert await _list(client, tenant, q=marker, role_code="recruiter") == (["a", "c"], 2)
    assert await _list(client, tenant, department_id=team["sales"]) == (["a", "c"], 2)
    assert await _list(client, tenant, department_id=team["sales"], role_code="manager") == ([], 0)
    assert await _list(client, tenant, q="ПЕТРОВИЧ") == (["b"], 1)  # middle name, any case
    assert await _list(client, tenant, q=f"C.{marker.upper()}@TEAM") == (["c"], 1)  # email
    assert await _list(client, tenant, q=f"d-{marker}") == (["d"], 1)  # username
    assert await _list(client, tenant, q="яков") == (["a"], 1)  # last and first name
    assert await _list(client, tenant, q="абрамов борис") == (["d"], 1)  # "last first"
    everyone, count = await _list(client, tenant, limit=200)
    assert count == len(everyone) == 5 + 4  # the tenant's five members and the team


async def test_the_list_pages_with_the_total_count(client, tenant, container):
    marker = (await _team(client, tenant, container))["marker"]
    assert await _list(client, tenant, q=marker, limit=3) == (["a", "b", "c"], 4)
    assert await _list(client, tenant, q=marker, limit=3, offset=3) == (["d"], 4)
    assert await _list(client, tenant, q=marker, offset=4) == ([], 4)
    assert await _list(client, tenant, q=marker, offset=2**31 - 1) == ([], 4)
    assert await _list(client, tenant, q=marker, limit=200) == (["a", "b", "c", "d"], 4)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 2**31}, "offset"),
        ({"sort": "username"}, "sort"),
        ({"sort": "last_name,id"}, "sort"),
        ({"role_code": "boss"}, "role_code"),
        ({"department_id": "sales"}, "department_id"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "x" * 201}, "q"),
    ],
)
async def test_bad_list_parameters_are_refused_on_their_field(client, tenant, params, field):
    response = await client.get(f"{API}/users", params=params, headers=tenant.admin.headers)
    assert_error(response, 400, "invalid_request", field=field)


# --- deactivate, block, unblock and sessions ----------------------------------------------------


async def test_deactivating_ends_the_users_sessions_and_logins(client, tenant):
    user = await create(client, tenant)
    assert (await login(client, user["username"], NEW_PASSWORD)).status_code == 200
    before = (await read(client, tenant, user["id"])).json()
    assert before["logged_in_at"] is not None

    response = await client.delete(f"{API}/users/{user['id']}", headers=tenant.admin.headers)

    assert response.status_code == 204 and response.content == b""
    after = (await read(client, tenant, user["id"])).json()
    assert after["is_active"] is False and after["version"] == before["version"] + 1
    assert_error(await client.patch(f"{API}/sessions"), 401, "invalid_token")  # the refresh
    client.cookies.clear()
    assert_error(await login(client, user["username"], NEW_PASSWORD), 401, "invalid_credentials")
    again = await client.delete(f"{API}/users/{user['id']}", headers=tenant.admin.headers)
    assert again.status_code == 204
    assert (await read(client, tenant, user["id"])).json() == after


async def test_a_blocked_users_session_dies_and_unblock_lets_them_back(client, tenant):
    user = await create(client, tenant)
    assert (await login(client, user["username"], NEW_PASSWORD)).status_code == 200
    refresh_cookie = client.cookies.get("rt")
    for _ in range(4):
        assert_error(
            await login(client, user["username"], "wrong-password"), 401, "invalid_credentials"
        )
    assert_error(await login(client, user["username"], "wrong-password"), 401, "account_blocked")
    assert_error(await login(client, user["username"], NEW_PASSWORD), 401, "account_blocked")
    blocked = (await read(client, tenant, user["id"])).json()
    assert blocked["is_blocked"] is True

    client.cookies.clear()
    client.cookies.set("rt", refresh_cookie)
    assert_error(await client.patch(f"{API}/sessions"), 401, "invalid_token")

    response = await client.post(f"{API}/users/{user['id']}/unblock", headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    unblocked = response.json()
    assert unblocked["is_blocked"] is False and set(unblocked) == USER_FIELDS
    assert unblocked["version"] == blocked["version"] + 1
    assert response.headers["etag"] == f'"{unblocked["version"]}"'
    client.cookies.clear()
    assert (await login(client, user["username"], NEW_PASSWORD)).status_code == 200
    # Unblocking someone who is not blocked changes nothing.
    current = (await read(client, tenant, user["id"])).json()
    again = await client.post(f"{API}/users/{user['id']}/unblock", headers=tenant.admin.headers)
    assert again.status_code == 200 and again.json() == current


async def test_a_password_reset_by_an_admin_ends_the_users_sessions(client, tenant):
    user = await create(client, tenant)
    assert (await login(client, user["username"], NEW_PASSWORD)).status_code == 200
    before = (await read(client, tenant, user["id"])).json()
    response = await client.patch(
        f"{API}/users/{user['id']}",
        json={"password": "reset-by-admin"},
        headers=tenant.admin.headers,
    )
    assert response.status_code == 200 and response.json()["version"] == before["version"] + 1
    assert_error(await client.patch(f"{API}/sessions"), 401, "invalid_token")
    client.cookies.clear()
    assert_error(await login(client, user["username"], NEW_PASSWORD), 401, "invalid_credentials")
    assert (await login(client, user["username"], "reset-by-admin")).status_code == 200


# --- own password -------------------------------------------------------------------------------


async def _signed_in(
    client, tenant, container, **changes: Any
) -> tuple[dict[str, Any], dict[str, str]]:
    user = await create(client, tenant, **changes)
    role = Role(user["role_code"])
    token = await access_token_for(container, UUID(user["id"]), tenant.company_id, role)
    return user, {"Authorization": f"Bearer {token}"}


async def test_a_user_changes_their_password_and_logs_in_with_it(client, tenant, container):
    user, headers = await _signed_in(client, tenant, container, role_code="employee")
    engine = await container.get(AsyncEngine)
    async with engine.begin() as connection:
        await connection.execute(
            update(users).where(users.c.id == UUID(user["id"])).values(must_change_password=True)
        )

    response = await client.patch(
        f"{API}/users/current/password",
        json={"old_password": NEW_PASSWORD, "new_password": "my-brand-new-secret"},
        headers=headers,
    )

    assert response.status_code == 204 and response.content == b""
    me = (await client.get(f"{API}/users/current", headers=headers)).json()
    assert me["must_change_password"] is False and me["version"] == user["version"] + 1
    assert_error(await login(client, user["username"], NEW_PASSWORD), 401, "invalid_credentials")
    logged_in = await login(client, user["username"], "my-brand-new-secret")
    assert logged_in.status_code == 200
    assert logged_in.json() == {"user_id": user["id"], "role_code": "employee"}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (
            {"old_password": "wrong-password", "new_password": "my-brand-new-secret"},
            {"old_password"},
        ),
        ({"old_password": NEW_PASSWORD, "new_password": "short"}, {"new_password"}),
        ({"old_password": NEW_PASSWORD, "new_password": NEW_PASSWORD}, {"new_password"}),
        ({"old_password": NEW_PASSWORD}, None),
        ({"new_password": "my-brand-new-secret"}, None),
        ({"old_password": NEW_PASSWORD, "new_password": "x" * 80}, {"new_password"}),
        (
            {"old_password": NEW_PASSWORD, "new_password": "my-brand-new-secret", "user_id": "x"},
            {"user_id"},
        ),
    ],
)
async def test_a_bad_password_change_is_400_and_keeps_the_user_signed_in(
    client, tenant, container, body, fields
):
    user, headers = await _signed_in(client, tenant, container)
    response = await client.patch(f"{API}/users/current/password", json=body, headers=headers)
    error = assert_error(response, 400, "invalid_request")
    if fields is not None:
        assert {d["field"] for d in error["details"]} == fields
    assert (await client.get(f"{API}/users/current", headers=headers)).status_code == 200
    assert (await login(client, user["username"], NEW_PASSWORD)).status_code == 200
