"""Sessions over HTTP: cookies, lockout, rotation, reuse detection, logout, token checks."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import httpx
from dishka import AsyncContainer
from litestar import Litestar

from adapters.security.jwt_codec import JwtAccessTokenCodec
from application.companies.create_company import CreateCompany, CreateCompanyRequest
from application.ports.identity import UserRepository
from application.ports.security import AccessClaims, AccessTokenCodec
from application.ports.transaction import UnitOfWork
from domain.identity.role import Role
from entrypoints.http.app import create_app
from tests.api.conftest import BASE_URL, api_settings
from tests.support.http import assert_error
from tests.support.lifespan import start_app, stop_app
from tests.support.tenants import PASSWORD, Member, Tenant, valid_ogrn

SESSIONS = "/api/v1/sessions"
CURRENT = "/api/v1/users/current"


@dataclass
class Session:
    response: httpx.Response
    at: str
    rt: str


def set_cookies(response: httpx.Response) -> dict[str, str]:
    """name -> the raw Set-Cookie header of that cookie."""
    return {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}


def attributes(set_cookie: str) -> dict[str, str]:
    parts = [part.strip() for part in set_cookie.split(";")][1:]
    return {key.lower(): value for key, _, value in (part.partition("=") for part in parts if part)}


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> Session:
    """Logs in and keeps the tokens out of the client's cookie jar: every test request then
    says which token it presents."""
    response = await client.post(SESSIONS, json={"username": username, "password": password})
    client.cookies.clear()
    assert response.status_code == 200, response.text
    return Session(response, response.cookies["at"], response.cookies["rt"])


async def attempt(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    response = await client.post(SESSIONS, json={"username": username, "password": password})
    client.cookies.clear()
    return response


async def refresh(client: httpx.AsyncClient, rt: str) -> httpx.Response:
    response = await client.patch(SESSIONS, headers={"Cookie": f"rt={rt}"})
    client.cookies.clear()
    return response


async def current(client: httpx.AsyncClient, at: str) -> httpx.Response:
    return await client.get(CURRENT, headers={"Authorization": f"Bearer {at}"})


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def mint(
    container: AsyncContainer, tenant: Tenant, member: Member, *, expires_in: timedelta
) -> str:
    """An access token signed by the app's own codec, expiring `expires_in` from now."""
    codec = await container.get(AccessTokenCodec)
    now = datetime.now(UTC)
    return codec.encode(
        AccessClaims(
            user_id=member.id,
            company_id=tenant.company_id,
            role=member.role,
            issued_at=now - timedelta(hours=1),
            expires_at=now + expires_in,
            token_id=secrets.token_hex(8),
        )
    )


async def change_user(container: AsyncContainer, tenant: Tenant, user_id: UUID, **fields) -> None:
    async with container() as request:
        users = await request.get(UserRepository)
        user = await users.get(tenant.company_id, user_id, for_update=True)
        assert user is not None
        version = user.version
        for name, value in fields.items():
            setattr(user, name, value)
        user.version += 1
        await users.save(user, expected_version=version)
        await (await request.get(UnitOfWork)).commit()


@asynccontextmanager
async def serve(app: Litestar, address: str = "203.0.113.7") -> AsyncIterator[httpx.AsyncClient]:
    """A client on a separately built app (see tests/api/conftest.py session_client)."""
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    await start_app(app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client
    finally:
        await stop_app(app)


# --- logging in ----------------------------------------------------------------------------------


async def test_login_sets_httponly_secure_samesite_none_cookies(client, tenant):
    admin = tenant.admin
    session = await login(client, admin.username)
    assert session.response.json() == {"user_id": str(admin.id), "role_code": "admin"}

    cookies = set_cookies(session.response)
    assert set(cookies) == {"at", "rt"}
    at, rt = attributes(cookies["at"]), attributes(cookies["rt"])
    for cookie in (at, rt):
        assert "httponly" in cookie
        assert "secure" in cookie
        assert cookie["samesite"].lower() == "none"
    assert at["path"] == "/"
    assert rt["path"] == "/api/v1/sessions"
    assert 15 * 60 - 2 <= int(at["max-age"]) <= 15 * 60
    assert 24 * 60 * 60 - 2 <= int(rt["max-age"]) <= 24 * 60 * 60

    # The access token is the JWT of the contract.
    claims = json.loads(base64.urlsafe_b64decode(session.at.split(".")[1] + "=="))
    assert claims["sub"] == str(admin.id)
    assert claims["company_id"] == str(tenant.company_id)
    assert claims["role"] == "admin"
    assert {"exp", "iat", "jti"} <= set(claims)
    assert claims["exp"] - claims["iat"] == 15 * 60


async def test_the_access_cookie_alone_signs_the_browser_in(client, tenant):
    session = await login(client, tenant[Role.RECRUITER].username)
    client.cookies.set("at", session.at)
    response = await client.get(CURRENT)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == str(tenant[Role.RECRUITER].id)


async def test_a_bearer_header_is_accepted_too(client, tenant):
    session = await login(client, tenant[Role.MANAGER].username)
    response = await current(client, session.at)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == str(tenant[Role.MANAGER].id)
    assert body["must_change_password"] is False
    assert body["logged_in_at"] is not None
    assert_error(
        await client.get(CURRENT, headers={"Authorization": f"Basic {session.at}"}),
        401,
        "invalid_token",
    )


async def test_the_current_user_tells_a_bootstrap_password_must_change(client, container):
    suffix = secrets.token_hex(4)
    async with container() as request:
        created = await (await request.get(CreateCompany)).execute(
            CreateCompanyRequest(
                full_name="Bootstrap",
                short_name="Boot",
                ogrn=valid_ogrn(),
                admin_username=f"boot-{suffix}",
                admin_password="admin",
                admin_email=f"boot-{suffix}@example.com",
                admin_password_is_temporary=True,
            )
        )
    session = await login(client, f"boot-{suffix}", "admin")
    body = (await current(client, session.at)).json()
    assert body["id"] == str(created.admin_id)
    assert body["must_change_password"] is True


async def test_a_wrong_password_is_invalid_credentials(client, tenant):
    response = await attempt(client, tenant.admin.username, "wrong-password")
    assert_error(response, 401, "invalid_credentials")
    assert "set-cookie" not in response.headers


async def test_an_unknown_user_is_invalid_credentials_too(client):
    response = await attempt(client, "nobody-" + secrets.token_hex(4), PASSWORD)
    body = assert_error(response, 401, "invalid_credentials")
    wrong = await attempt(client, "nobody-" + secrets.token_hex(4), "other")
    assert wrong.json() == body


async def test_the_fifth_failure_blocks_and_then_the_right_password_fails_too(client, tenant):
    username = tenant[Role.EMPLOYEE].username
    for _ in range(4):
        assert_error(await attempt(client, username, "wrong-password"), 401, "invalid_credentials")
    assert_error(await attempt(client, username, "wrong-password"), 401, "account_blocked")
    response = await attempt(client, username, PASSWORD)
    assert_error(response, 401, "account_blocked")
    assert "set-cookie" not in response.headers


async def test_a_success_resets_the_failure_count(client, tenant):
    username = tenant[Role.CUSTOMER].username
    for _ in range(4):
        assert_error(await attempt(client, username, "wrong-password"), 401, "invalid_credentials")
    await login(client, username)
    for _ in range(4):
        assert_error(await attempt(client, username, "wrong-password"), 401, "invalid_credentials")
    await login(client, username)


async def test_the_username_is_case_insensitive(client, tenant):
    session = await login(client, tenant.admin.username.upper())
    assert session.response.json()["user_id"] == str(tenant.admin.id)


# --- refresh -------------------------------------------------------------------------------------


async def test_refresh_rotates_both_tokens_and_the_old_refresh_token_dies(client, tenant):
    first = await login(client, tenant.admin.username)
    response = await refresh(client, first.rt)
    assert response.status_code == 200, response.text
    assert response.json() == {"user_id": str(tenant.admin.id), "role_code": "admin"}
    cookies = set_cookies(response)
    assert set(cookies) == {"at", "rt"}
    assert attributes(cookies["rt"])["path"] == "/api/v1/sessions"
    new_at, new_rt = response.cookies["at"], response.cookies["rt"]
    assert new_rt != first.rt and new_at != first.at
    assert (await current(client, new_at)).status_code == 200

    assert_error(await refresh(client, first.rt), 401, "invalid_token")


async def test_a_replayed_refresh_token_revokes_its_whole_family(client, tenant):
    username = tenant[Role.RECRUITER].username
    other_device = await login(client, username)
    first = await login(client, username)
    rotated = await refresh(client, first.rt)
    newest = rotated.cookies["rt"]

    assert_error(await refresh(client, first.rt), 401, "invalid_token")
    # The thief's copy and the owner's newest token are both dead now.
    assert_error(await refresh(client, newest), 401, "invalid_token")
    # Another login of the same user is another family, untouched.
    assert (await refresh(client, other_device.rt)).status_code == 200


async def test_refresh_needs_a_refresh_token(client):
    assert_error(await client.patch(SESSIONS), 401, "invalid_token")
    assert_error(await refresh(client, "forged-" + secrets.token_urlsafe(32)), 401, "invalid_token")


async def test_refresh_works_with_an_expired_access_token(client, container, tenant):
    session = await login(client, tenant.admin.username)
    expired = await mint(container, tenant, tenant.admin, expires_in=-timedelta(minutes=1))
    response = await client.patch(SESSIONS, headers={"Cookie": f"at={expired}; rt={session.rt}"})
    client.cookies.clear()
    assert response.status_code == 200, response.text


async def test_a_deactivated_users_refresh_token_stops_working(client, container, tenant):
    member = tenant[Role.MANAGER]
    session = await login(client, member.username)
    await change_user(container, tenant, member.id, is_active=False)
    assert_error(await refresh(client, session.rt), 401, "invalid_token")
    assert_error(await attempt(client, member.username, PASSWORD), 401, "invalid_credentials")


async def test_a_blocked_users_refresh_token_stops_working(client, container, tenant):
    member = tenant[Role.CUSTOMER]
    session = await login(client, member.username)
    await change_user(container, tenant, member.id, is_blocked=True)
    assert_error(await refresh(client, session.rt), 401, "invalid_token")
    # Unblocking does not bring the revoked family back.
    await change_user(container, tenant, member.id, is_blocked=False)
    assert_error(await refresh(client, session.rt), 401, "invalid_token")


# --- logout --------------------------------------------------------------------------------------


async def test_logout_clears_both_cookies_and_kills_the_refresh_token(client, tenant):
    session = await login(client, tenant.admin.username)
    response = await client.delete(SESSIONS, headers={"Cookie": f"rt={session.rt}"})
    client.cookies.clear()
    assert response.status_code == 204, response.text
    assert response.content == b""
    cookies = set_cookies(response)
    assert set(cookies) == {"at", "rt"}
    for name, path in (("at", "/"), ("rt", "/api/v1/sessions")):
        cleared = attributes(cookies[name])
        assert cookies[name].startswith(f'{name}="";') or cookies[name].startswith(f"{name}=;")
        assert cleared["max-age"] == "0"
        assert cleared["path"] == path
        assert "httponly" in cleared and "secure" in cleared
    assert_error(await refresh(client, session.rt), 401, "invalid_token")


async def test_logout_without_a_session_is_still_204(client):
    response = await client.delete(SESSIONS)
    assert response.status_code == 204, response.text
    response = await client.delete(SESSIONS, headers={"Cookie": "rt=unknown"})
    assert response.status_code == 204, response.text


async def test_logout_everywhere_kills_every_family(client, tenant):
    member = tenant[Role.EMPLOYEE]
    laptop = await login(client, member.username)
    phone = await login(client, member.username)
    stranger = await login(client, tenant.admin.username)

    assert_error(await client.delete(f"{SESSIONS}/all"), 401, "invalid_token")
    response = await client.delete(
        f"{SESSIONS}/all", headers={"Authorization": f"Bearer {laptop.at}"}
    )
    assert response.status_code == 204, response.text
    assert set(set_cookies(response)) == {"at", "rt"}
    for session in (laptop, phone):
        assert_error(await refresh(client, session.rt), 401, "invalid_token")
    assert (await refresh(client, stranger.rt)).status_code == 200


# --- access tokens -------------------------------------------------------------------------------


async def test_an_expired_access_token_is_expired_token(client, container, tenant):
    token = await mint(container, tenant, tenant.admin, expires_in=-timedelta(seconds=1))
    assert_error(await current(client, token), 401, "expired_token")
    client.cookies.set("at", token)
    assert_error(await client.get(CURRENT), 401, "expired_token")


async def test_a_tampered_access_token_is_invalid(client, tenant):
    header, payload, signature = tenant[Role.EMPLOYEE].token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged = f"{header}.{b64(claims | {'role': 'admin'})}.{signature}"
    assert_error(await current(client, forged), 401, "invalid_token")


async def test_an_alg_none_access_token_is_invalid(client, tenant):
    payload = tenant.admin.token.split(".")[1]
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{payload}."
    assert_error(await current(client, unsigned), 401, "invalid_token")


async def test_an_access_token_of_another_secret_is_invalid(client, tenant):
    now = datetime.now(UTC)
    foreign = JwtAccessTokenCodec("someone-elses-secret-" + "z" * 40).encode(
        AccessClaims(
            user_id=tenant.admin.id,
            company_id=tenant.company_id,
            role=Role.ADMIN,
            issued_at=now,
            expires_at=now + timedelta(minutes=5),
            token_id="x",
        )
    )
    assert_error(await current(client, foreign), 401, "invalid_token")


async def test_garbage_tokens_are_invalid(client):
    for token in ("garbage", "a.b.c", ""):
        assert_error(await current(client, token), 401, "invalid_token")


# --- rate limit ----------------------------------------------------------------------------------


async def test_login_is_rate_limited_per_address_and_username(migrated_database_url, tenant):
    app = create_app(api_settings(migrated_database_url, login_rate_limit_per_minute=3))
    async with serve(app, address="198.51.100.23") as client:
        username = tenant[Role.RECRUITER].username
        for _ in range(3):
            response = await attempt(client, username, "wrong-password")
            assert_error(response, 401, "invalid_credentials")
        limited = await attempt(client, username, PASSWORD)
        assert_error(limited, 429, "too_many_requests")
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert "set-cookie" not in limited.headers

        # Another user behind the same address is not locked out.
        other = await attempt(client, tenant[Role.MANAGER].username, PASSWORD)
        assert other.status_code == 200, other.text


async def test_cookie_flags_follow_the_configuration(migrated_database_url, tenant):
    settings = api_settings(migrated_database_url, cookie_secure=False, cookie_samesite="strict")
    async with serve(create_app(settings)) as client:
        response = await attempt(client, tenant.admin.username, PASSWORD)
        assert response.status_code == 200, response.text
        logout = await client.delete(SESSIONS, headers={"Cookie": f"rt={response.cookies['rt']}"})
    for answer in (response, logout):
        cookies = set_cookies(answer)
        assert set(cookies) == {"at", "rt"}
        for header in cookies.values():
            flags = attributes(header)
            assert "httponly" in flags
            assert "secure" not in flags
            assert flags["samesite"].lower() == "strict"
