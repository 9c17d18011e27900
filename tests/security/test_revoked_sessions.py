"""Revoked sessions, driven through the API only. tests/api/test_sessions.py already covers
logging out everywhere (every family dies, another user's survives) and a user deactivated or
blocked behind the API's back; here the same revocations happen the way an admin or an
attacker causes them."""

from __future__ import annotations

import httpx

from domain.identity.role import Role
from tests.api.catalog import API
from tests.security.support import SESSIONS, log_in, refresh
from tests.support.http import assert_error
from tests.support.tenants import PASSWORD, Tenant


async def test_after_logging_out_everywhere_only_a_new_login_works(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    member = tenant[Role.RECRUITER]
    old = await log_in(client, member.username)
    rotated = await refresh(client, old)
    assert rotated.status_code == 200, rotated.text
    current_rt, current_at = rotated.cookies["rt"], rotated.cookies["at"]
    client.cookies.clear()

    response = await client.delete(f"{SESSIONS}/all", headers={"Cookie": f"at={current_at}"})
    client.cookies.clear()
    assert response.status_code == 204, response.text
    for rt in (old, current_rt):
        assert_error(await refresh(client, rt), 401, "invalid_token")

    fresh = await refresh(client, await log_in(client, member.username))
    assert fresh.status_code == 200, fresh.text
    # Presenting a dead token again does not take the new family down with it.
    assert_error(await refresh(client, current_rt), 401, "invalid_token")
    assert (await refresh(client, fresh.cookies["rt"])).status_code == 200


async def test_an_admin_deactivating_a_user_ends_their_sessions(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    member = tenant[Role.EMPLOYEE]
    rt = await log_in(client, member.username)
    response = await client.delete(f"{API}/users/{member.id}", headers=tenant.admin.headers)
    assert response.status_code == 204, response.text
    assert_error(await refresh(client, rt), 401, "invalid_token")
    login = await client.post(SESSIONS, json={"username": member.username, "password": PASSWORD})
    client.cookies.clear()
    assert_error(login, 401, "invalid_credentials")
    assert "set-cookie" not in login.headers


async def test_a_lockout_by_failed_logins_ends_the_existing_sessions(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    """Someone guessing the password of a signed-in user blocks the account: the victim's
    session must not outlive the block."""
    member = tenant[Role.MANAGER]
    rt = await log_in(client, member.username)
    for _ in range(4):
        guess = await client.post(SESSIONS, json={"username": member.username, "password": "x"})
        assert_error(guess, 401, "invalid_credentials")
    blocked = await client.post(SESSIONS, json={"username": member.username, "password": "y"})
    assert_error(blocked, 401, "account_blocked")
    assert_error(await refresh(client, rt), 401, "invalid_token")

    unblock = await client.post(f"{API}/users/{member.id}/unblock", headers=tenant.admin.headers)
    assert unblock.status_code == 200, unblock.text
    # Unblocking lets the user log in again; the old session stays dead.
    assert_error(await refresh(client, rt), 401, "invalid_token")
    assert (await refresh(client, await log_in(client, member.username))).status_code == 200
