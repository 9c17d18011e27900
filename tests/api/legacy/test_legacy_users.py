"""`/users` of the legacy contract, answers checked against the old document."""

from __future__ import annotations

import secrets
import uuid

import httpx
import pytest

from domain.identity.role import Role
from tests.api.legacy.test_legacy_contract import old
from tests.support.http import assert_error
from tests.support.tenants import Tenant


def new_user(role: Role = Role.RECRUITER, **extra: object) -> dict[str, object]:
    username = f"old.{secrets.token_hex(4)}"
    return {
        "username": username,
        "password": "long-enough-password",
        "role_code": role.code,
        "first_name": "Анна",
        "last_name": "Петрова",
        "email": f"{username}@example.com",
        **extra,
    }


async def test_a_user_is_created_read_listed_and_deleted_the_old_way(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    department = await old(
        client, "POST", "/departments", tenant.admin.headers, json={"name": secrets.token_hex(4)}
    )
    body = new_user(department_id=department.json()["id"])
    created = await old(client, "POST", "/users", tenant.admin.headers, json=body)
    assert created.status_code == 200, created.text
    user_id = created.json()["id"]

    one = await old(client, "GET", f"/users/{user_id}", tenant.admin.headers)
    assert one.status_code == 200, one.text
    user = one.json()
    assert (user["username"], user["role_code"], user["middle_name"]) == (
        body["username"],
        Role.RECRUITER.code,
        "",
    )
    assert user["department"]["id"] == department.json()["id"]

    listed = await old(client, "GET", "/users", tenant.admin.headers)
    assert user_id in {u["id"] for u in listed.json()["users"]}

    deleted = await old(client, "DELETE", f"/users/{user_id}", tenant.admin.headers)
    assert (deleted.status_code, deleted.json()) == (200, {"id": user_id})
    credentials = {"username": body["username"], "password": body["password"]}
    login = await old(client, "POST", "/sessions", {}, json=credentials)
    assert login.status_code == 401, login.text  # deactivated: it signs in no more


async def test_the_current_user_in_the_old_shape(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await old(client, "GET", "/users/current", tenant[Role.EMPLOYEE].headers)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == str(tenant[Role.EMPLOYEE].id)
    assert response.json()["role_code"] == Role.EMPLOYEE.code


async def test_a_taken_username_is_409_and_a_bad_role_400(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = new_user()
    assert (await old(client, "POST", "/users", tenant.admin.headers, json=body)).status_code == 200
    taken = await old(client, "POST", "/users", tenant.admin.headers, json=body)
    assert_error(taken, 409, "already_exists")
    bad_role = await old(client, "POST", "/users", tenant.admin.headers, json=new_user(role_code=9))
    assert_error(bad_role, 400, "invalid_request", field="role_code")


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
async def test_only_admins_manage_users(
    client: httpx.AsyncClient, tenant: Tenant, role: Role
) -> None:
    headers = tenant[role].headers
    assert_error(await old(client, "GET", "/users", headers), 403, "access_denied")
    created = await old(client, "POST", "/users", headers, json=new_user())
    assert_error(created, 403, "access_denied")
    deleted = await old(client, "DELETE", f"/users/{tenant.admin.id}", headers)
    assert_error(deleted, 403, "access_denied")


async def test_another_company_s_user_is_the_old_unknown_id(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    stranger = str(other_tenant[Role.RECRUITER].id)
    for method in ("GET", "DELETE"):
        response = await old(client, method, f"/users/{stranger}", tenant.admin.headers)
        assert_error(response, 400, "invalid_client")
    missing = await old(client, "GET", f"/users/{uuid.uuid4()}", tenant.admin.headers)
    assert_error(missing, 400, "invalid_client")
