"""A changed role, a deactivation or a block applies to the very next request of the user's live
access token, not when the token expires; and the sessions of a demoted or deactivated user are
over (their refresh token is refused)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.support.http import assert_error
from tests.support.tenants import Tenant

API = "/api/v1"
PASSWORD = "long-enough-password"


async def _admin_signed_in(client: httpx.AsyncClient, tenant: Tenant) -> dict[str, Any]:
    """A second administrator, signed in through the login endpoint, as a browser would."""
    name = f"admin-{secrets.token_hex(4)}"
    created = await client.post(
        f"{API}/users",
        json={
            "username": name,
            "password": PASSWORD,
            "role_code": "admin",
            "first_name": "Vera",
            "last_name": "Orlova",
            "email": f"{name}@example.com",
        },
        headers=tenant.admin.headers,
    )
    assert created.status_code == 201, created.text
    user = created.json()
    client.cookies.clear()
    login = await client.post(
        f"{API}/sessions", json={"username": user["username"], "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    user["access"] = {"Cookie": f"at={login.cookies['at']}"}
    user["refresh"] = login.cookies["rt"]
    client.cookies.clear()
    assert (await client.get(f"{API}/users", headers=user["access"])).status_code == 200
    return user


async def _refresh(client: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    client.cookies.clear()
    response = await client.patch(f"{API}/sessions", headers={"Cookie": f"rt={refresh_token}"})
    client.cookies.clear()
    return response


async def test_a_demotion_applies_to_the_next_request_and_ends_the_session(client, tenant):
    user = await _admin_signed_in(client, tenant)
    demoted = await client.patch(
        f"{API}/users/{user['id']}", json={"role_code": "employee"}, headers=tenant.admin.headers
    )
    assert demoted.status_code == 200, demoted.text

    assert_error(await client.get(f"{API}/users", headers=user["access"]), 403, "access_denied")
    me = await client.get(f"{API}/users/current", headers=user["access"])
    assert me.status_code == 200 and me.json()["role_code"] == "employee"
    assert_error(await _refresh(client, user["refresh"]), 401, "invalid_token")


async def test_a_promotion_applies_to_the_next_request_too(client, tenant):
    user = await _admin_signed_in(client, tenant)
    await client.patch(
        f"{API}/users/{user['id']}", json={"role_code": "employee"}, headers=tenant.admin.headers
    )
    await client.patch(
        f"{API}/users/{user['id']}", json={"role_code": "admin"}, headers=tenant.admin.headers
    )
    assert (await client.get(f"{API}/users", headers=user["access"])).status_code == 200


async def test_a_deactivation_applies_to_the_next_request(client, tenant):
    user = await _admin_signed_in(client, tenant)
    gone = await client.delete(f"{API}/users/{user['id']}", headers=tenant.admin.headers)
    assert gone.status_code == 204, gone.text

    for path in ("/users/current", "/users", "/candidates"):
        assert_error(await client.get(API + path, headers=user["access"]), 401, "invalid_token")
    assert_error(await _refresh(client, user["refresh"]), 401, "invalid_token")


async def test_a_block_applies_to_the_next_request_and_an_unblock_lifts_it(client, tenant):
    user = await _admin_signed_in(client, tenant)
    for _ in range(5):
        client.cookies.clear()
        wrong = await client.post(
            f"{API}/sessions", json={"username": user["username"], "password": "wrong-password"}
        )
        assert wrong.status_code == 401
    client.cookies.clear()
    response = await client.get(f"{API}/users/current", headers=user["access"])
    assert_error(response, 401, "invalid_token")

    unblocked = await client.post(f"{API}/users/{user['id']}/unblock", headers=tenant.admin.headers)
    assert unblocked.status_code == 200, unblocked.text
    assert (await client.get(f"{API}/users/current", headers=user["access"])).status_code == 200


async def test_an_edit_that_keeps_the_role_keeps_the_session(client, tenant):
    user = await _admin_signed_in(client, tenant)
    renamed = await client.patch(
        f"{API}/users/{user['id']}",
        json={"first_name": "Vera-Anna", "role_code": "admin"},
        headers=tenant.admin.headers,
    )
    assert renamed.status_code == 200, renamed.text
    assert (await client.get(f"{API}/users", headers=user["access"])).status_code == 200
    assert (await _refresh(client, user["refresh"])).status_code == 200
