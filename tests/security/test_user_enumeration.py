"""No user enumeration at the login: an unknown username and a wrong password for an existing
one get the same answer in about the same time, measured with bcrypt at a cost (8) whose
verify is long enough to see."""

from __future__ import annotations

import secrets
import statistics
import time

import httpx

from domain.identity.role import Role
from entrypoints.http.app import create_app
from tests.api.conftest import api_settings
from tests.security.support import SESSIONS, serve
from tests.support.http import assert_error
from tests.support.tenants import Tenant, make_tenant

ROUNDS = 8
SAMPLES = 15


async def timed_login(client: httpx.AsyncClient, username: str) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = await client.post(SESSIONS, json={"username": username, "password": "wrong-guess"})
    elapsed = time.perf_counter() - started
    client.cookies.clear()
    return elapsed, response


async def test_unknown_user_and_wrong_password_look_and_take_the_same(
    migrated_database_url: str,
) -> None:
    settings = api_settings(
        migrated_database_url, bcrypt_rounds=ROUNDS, login_rate_limit_per_minute=100_000
    )
    app = create_app(settings)
    async with serve(app, address="198.51.100.77") as client:
        # Made by this app, so the stored hashes have the measured cost too.
        tenant = await make_tenant(app.state.dishka_container)
        members = list(tenant.members.values())
        # Each member takes at most 4 failures (the 5th would block the account).
        assert len(members) * 4 >= SAMPLES + len(members)
        for member in members:  # warm-up: connections, the decoy hash, the code paths
            await timed_login(client, member.username)
            await timed_login(client, f"nobody-{secrets.token_hex(4)}")

        unknown: list[float] = []
        wrong: list[float] = []
        answers: set[tuple[int, str]] = set()
        for index in range(SAMPLES):
            for username, times in (
                (f"nobody-{secrets.token_hex(4)}", unknown),
                (members[index % len(members)].username, wrong),
            ):
                elapsed, response = await timed_login(client, username)
                times.append(elapsed)
                assert "set-cookie" not in response.headers
                answers.add((response.status_code, response.text))

    assert len(answers) == 1, answers
    status, body = answers.pop()
    assert status == 401 and '"error":"invalid_credentials"' in body, body
    unknown_ms = statistics.median(unknown) * 1000
    wrong_ms = statistics.median(wrong) * 1000
    ratio = unknown_ms / wrong_ms
    figures = (
        f"login medians over {SAMPLES} tries (bcrypt cost {ROUNDS}): unknown user "
        f"{unknown_ms:.1f} ms, wrong password {wrong_ms:.1f} ms, ratio {ratio:.2f}"
    )
    print(figures)
    assert 0.5 <= ratio <= 2.0, figures
    # Both paths really pay for a bcrypt verify (cost 8 takes several ms anywhere).
    assert min(unknown_ms, wrong_ms) >= 3, figures


async def test_odd_credentials_get_the_same_answer_for_known_and_unknown_users(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    """Over bcrypt's 72 bytes, a NUL byte, non-ASCII: never a 500, and nothing tells a known
    username from an unknown one (4 tries: below the lockout)."""
    known = tenant[Role.CUSTOMER].username
    unknown = f"nobody-{secrets.token_hex(4)}"
    for password in ("p" * 128, "ё" * 60, "a\x00b", "' OR 1=1 --"):
        answers = []
        for username in (known, unknown):
            response = await client.post(
                SESSIONS, json={"username": username, "password": password}
            )
            client.cookies.clear()
            answers.append((response.status_code, response.json()))
        assert answers[0] == answers[1], (password, answers)
        assert answers[0][0] == 401 and answers[0][1]["error"] == "invalid_credentials"


async def test_a_nul_byte_in_the_username_is_invalid_request(client: httpx.AsyncClient) -> None:
    for username in ("adm\x00in", "\x00"):
        response = await client.post(SESSIONS, json={"username": username, "password": "x"})
        assert_error(response, 400, "invalid_request", field="username")
