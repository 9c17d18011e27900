"""`Idempotency-Key` over HTTP on real PostgreSQL: replay, reuse, concurrency, rollback, scope,
expiry, and the answer lost after the commit."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from dishka import AsyncContainer
from litestar import Litestar
from litestar.exceptions import LitestarException
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.idempotency import LOCK_CLASS, lock_number
from adapters.postgres.tables import candidates, idempotency_answers
from application.idempotency.answers import KeyScope
from domain.identity.role import Role
from tests.api.catalog import API, OPERATIONS, Operation, Setup, unique
from tests.api.conftest import BASE_URL
from tests.support.http import assert_error
from tests.support.tenants import Tenant

CANDIDATES = f"{API}/candidates"
WRITES = [
    pytest.param(op, id=op.key)
    for op in OPERATIONS
    if op.method in {"POST", "PATCH", "PUT", "DELETE"} and Role.ADMIN in op.allowed
]


def new_key() -> str:
    return str(uuid.uuid4())


def keyed(tenant_member_headers: dict[str, str], key: str) -> dict[str, str]:
    return {**tenant_member_headers, "Idempotency-Key": key}


def surname() -> str:
    """Names take letters only: a random one of eight."""
    return "Keyed" + "".join(secrets.choice("abcdefghij") for _ in range(8))


def card() -> dict[str, Any]:
    return {"first_name": "Анна", "last_name": surname()}


async def engine_of(container: AsyncContainer) -> AsyncEngine:
    return await container.get(AsyncEngine)


async def candidates_named(container: AsyncContainer, tenant: Tenant, last_name: str) -> int:
    async with (await engine_of(container)).connect() as connection:
        return (
            await connection.execute(
                select(func.count()).where(
                    candidates.c.company_id == tenant.company_id,
                    candidates.c.last_name == last_name,
                )
            )
        ).scalar_one()


async def answers_of(container: AsyncContainer, tenant: Tenant) -> int:
    async with (await engine_of(container)).connect() as connection:
        return (
            await connection.execute(
                select(func.count()).where(idempotency_answers.c.company_id == tenant.company_id)
            )
        ).scalar_one()


async def test_a_retry_replays_the_first_answer_and_creates_nothing_more(
    client: httpx.AsyncClient, tenant: Tenant, container: AsyncContainer
) -> None:
    body, key = card(), new_key()
    first = await client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))
    again = await client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))

    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["cache-control"] == "no-store"  # the server's own headers, as ever
    assert await candidates_named(container, tenant, body["last_name"]) == 1


async def test_without_a_key_every_post_creates(
    client: httpx.AsyncClient, tenant: Tenant, container: AsyncContainer
) -> None:
    body = card()
    for _ in range(2):
        response = await client.post(CANDIDATES, json=body, headers=tenant.admin.headers)
        assert response.status_code == 201, response.text
    assert await candidates_named(container, tenant, body["last_name"]) == 2
    assert await answers_of(container, tenant) == 0


async def test_a_key_reused_for_another_body_is_refused(
    client: httpx.AsyncClient, tenant: Tenant, container: AsyncContainer
) -> None:
    key = new_key()
    first = await client.post(CANDIDATES, json=card(), headers=keyed(tenant.admin.headers, key))
    assert first.status_code == 201, first.text
    other = card()
    reused = await client.post(CANDIDATES, json=other, headers=keyed(tenant.admin.headers, key))
    assert_error(reused, 422, "idempotency_key_reused")
    assert await candidates_named(container, tenant, other["last_name"]) == 0


async def test_a_key_reused_on_another_operation_is_refused(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    key = new_key()
    body = {"name": unique("skill")}
    created = await client.post(
        f"{API}/skills", json=body, headers=keyed(tenant.admin.headers, key)
    )
    assert created.status_code == 201, created.text
    elsewhere = await client.post(
        f"{API}/departments", json=body, headers=keyed(tenant.admin.headers, key)
    )
    assert_error(elsewhere, 422, "idempotency_key_reused")


async def test_a_held_key_answers_in_progress_with_retry_after(
    client: httpx.AsyncClient, tenant: Tenant, container: AsyncContainer
) -> None:
    """The first request's transaction holds the key: a second one never waits or runs."""
    body, key = card(), new_key()
    scope = KeyScope(tenant.company_id, tenant.admin.id, key)
    async with (await engine_of(container)).connect() as first_request:
        await first_request.execute(
            text("SELECT pg_advisory_xact_lock(:class, :number)"),
            {"class": LOCK_CLASS, "number": lock_number(scope)},
        )
        busy = await client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))
        await first_request.rollback()
    assert_error(busy, 409, "idempotency_key_in_progress")
    assert busy.headers["retry-after"] == "1"
    assert await candidates_named(container, tenant, body["last_name"]) == 0

    retried = await client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))
    assert retried.status_code == 201, retried.text


async def test_concurrent_requests_with_one_key_create_one_row(
    client: httpx.AsyncClient, tenant: Tenant, container: AsyncContainer
) -> None:
    body, key = card(), new_key()
    answers = await asyncio.gather(
        *(
            client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))
            for _ in range(6)
        )
    )
    fresh = [a for a in answers if a.status_code == 201 and "idempotent-replayed" not in a.headers]
    replayed = [a for a in answers if a.headers.get("idempotent-replayed") == "true"]
    busy = [a for a in answers if a.status_code == 409]
    assert len(fresh) == 1, [(a.status_code, a.text) for a in answers]
    assert len(fresh) + len(replayed) + len(busy) == len(answers)
    assert all(a.json()["error"] == "idempotency_key_in_progress" for a in busy)
    assert all(a.content == fresh[0].content for a in replayed)
    assert await candidates_named(container, tenant, body["last_name"]) == 1


async def test_a_request_that_changed_nothing_is_not_remembered(
    client: httpx.AsyncClient, tenant: Tenant, container: AsyncContainer
) -> None:
    key = new_key()
    invalid = {**card(), "birth_date": "2999-01-01"}
    refused = await client.post(CANDIDATES, json=invalid, headers=keyed(tenant.admin.headers, key))
    assert refused.status_code == 400, refused.text
    missing = await client.post(
        f"{API}/candidates/{uuid.uuid4()}/restore", headers=keyed(tenant.admin.headers, new_key())
    )
    assert_error(missing, 404, "not_found")
    assert await answers_of(container, tenant) == 0

    # The same key again runs afresh: with the request fixed, it creates.
    fixed = card()
    created = await client.post(CANDIDATES, json=fixed, headers=keyed(tenant.admin.headers, key))
    assert created.status_code == 201, created.text
    assert "idempotent-replayed" not in created.headers


async def test_keys_are_per_user_and_per_company(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, container: AsyncContainer
) -> None:
    body, key = card(), new_key()
    callers = (tenant.admin, tenant[Role.RECRUITER], other_tenant.admin)
    answers = [
        await client.post(CANDIDATES, json=body, headers=keyed(member.headers, key))
        for member in callers
    ]
    assert [a.status_code for a in answers] == [201, 201, 201], [a.text for a in answers]
    assert not any("idempotent-replayed" in a.headers for a in answers)
    assert len({a.json()["id"] for a in answers}) == 3
    assert await candidates_named(container, tenant, body["last_name"]) == 2
    assert await candidates_named(container, other_tenant, body["last_name"]) == 1


async def test_an_expired_answer_is_forgotten(
    client: httpx.AsyncClient, tenant: Tenant, container: AsyncContainer
) -> None:
    body, key = card(), new_key()
    first = await client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))
    assert first.status_code == 201, first.text
    async with (await engine_of(container)).begin() as connection:
        await connection.execute(
            update(idempotency_answers)
            .where(idempotency_answers.c.company_id == tenant.company_id)
            .values(recorded_at=idempotency_answers.c.recorded_at - timedelta(hours=24, seconds=1))
        )
    again = await client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))
    assert again.status_code == 201, again.text
    assert "idempotent-replayed" not in again.headers
    assert again.json()["id"] != first.json()["id"]
    assert await candidates_named(container, tenant, body["last_name"]) == 2
    assert await answers_of(container, tenant) == 1  # the expired answer was replaced


@pytest.mark.parametrize(
    "key",
    ["", "x" * 256, "ключ", "tab\there"],
    ids=["empty", "too-long", "not-ascii", "control-character"],
)
async def test_a_malformed_key_is_refused_and_nothing_runs(
    client: httpx.AsyncClient, tenant: Tenant, container: AsyncContainer, key: str
) -> None:
    body = card()
    headers = [
        (b"Authorization", tenant.admin.headers["Authorization"].encode()),
        (b"Idempotency-Key", key.encode()),  # UTF-8 bytes on the wire for the non-ASCII one
    ]
    response = await client.post(CANDIDATES, json=body, headers=headers)
    assert_error(response, 400, "invalid_request", field="Idempotency-Key")
    assert await candidates_named(container, tenant, body["last_name"]) == 0


async def test_the_longest_key_is_taken(client: httpx.AsyncClient, tenant: Tenant) -> None:
    key = "~" + secrets.token_hex(127)
    assert len(key) == 255
    response = await client.post(CANDIDATES, json=card(), headers=keyed(tenant.admin.headers, key))
    assert response.status_code == 201, response.text


async def test_a_key_needs_a_signed_in_caller(client: httpx.AsyncClient) -> None:
    response = await client.post(CANDIDATES, json=card(), headers={"Idempotency-Key": new_key()})
    assert_error(response, 401, "invalid_token")


async def test_logging_in_ignores_the_key(client: httpx.AsyncClient, tenant: Tenant) -> None:
    """A login's answer carries fresh tokens, which are never stored: each one signs in anew."""
    key = new_key()
    credentials = {"username": tenant.admin.username, "password": "wrong-password-1"}
    for _ in range(2):
        response = await client.post(
            f"{API}/sessions", json=credentials, headers={"Idempotency-Key": key}
        )
        assert_error(response, 401, "invalid_credentials")
        assert "idempotent-replayed" not in response.headers


@pytest.mark.parametrize("operation", WRITES)
async def test_every_write_replays_with_its_key(
    client: httpx.AsyncClient, tenant: Tenant, operation: Operation
) -> None:
    call = await operation.prepare(Setup(client, tenant))
    headers = keyed(tenant.admin.headers, new_key())
    kwargs: dict[str, Any] = {"headers": headers}
    if call.json is not None:
        kwargs["json"] = call.json
    first = await client.request(operation.method, call.path, **kwargs)
    again = await client.request(operation.method, call.path, **kwargs)
    assert first.status_code == operation.success, first.text
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers["idempotent-replayed"] == "true"


async def test_a_commit_whose_answer_never_reached_the_client_is_replayed(
    app: Litestar, tenant: Tenant, client: httpx.AsyncClient, container: AsyncContainer
) -> None:
    """The connection to the client breaks while the answer is being sent, after the commit:
    the client saw nothing, retries with its key, and gets the answer instead of a second row."""
    body, key = card(), new_key()
    encoded = httpx.Request("POST", BASE_URL + CANDIDATES, json=body).content
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "https",
        "path": CANDIDATES,
        "raw_path": CANDIDATES.encode(),
        "query_string": b"",
        "root_path": "",
        "server": ("testserver.local", 443),
        "client": ("203.0.113.7", 50000),
        "headers": [
            (b"host", b"testserver.local"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(encoded)).encode()),
            (b"authorization", tenant.admin.headers["Authorization"].encode()),
            (b"idempotency-key", key.encode()),
        ],
    }
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:
            await asyncio.sleep(3600)  # the client never says more
        delivered = True
        return {"type": "http.request", "body": encoded, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            raise ConnectionResetError("the client went away")

    # Litestar reports a send that failed after the answer began as its own exception.
    with pytest.raises((ConnectionResetError, LitestarException)):
        await app(scope, receive, send)
    assert await candidates_named(container, tenant, body["last_name"]) == 1

    retried = await client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))
    assert retried.status_code == 201, retried.text
    assert retried.headers["idempotent-replayed"] == "true"
    assert await candidates_named(container, tenant, body["last_name"]) == 1


async def test_the_schema_documents_the_key_on_every_write_of_a_signed_in_caller(
    client: httpx.AsyncClient,
) -> None:
    schema = (await client.get("/openapi.json")).json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"post", "patch", "put", "delete"}:
                continue
            names = [p["name"] for p in operation.get("parameters", [])]
            public = operation.get("security") == []
            assert ("Idempotency-Key" in names) is not public, (method, path)
            if public:
                continue
            assert {"409", "422"} <= set(operation["responses"]), (method, path)
            success = [s for s in operation["responses"] if s.startswith("2")]
            for status in success:
                headers = operation["responses"][status].get("headers", {})
                assert "Idempotent-Replayed" in headers, (method, path, status)


DIE_AT_COMMIT = (
    """
    CREATE FUNCTION test_die_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_terminate_backend(pg_backend_pid());
      RETURN NULL;
    END $$
    """,
    """
    CREATE CONSTRAINT TRIGGER test_die_at_commit AFTER INSERT ON idempotency_answers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.key LIKE 'die-at-commit-%')
    EXECUTE FUNCTION test_die_at_commit()
    """,
)


async def test_a_commit_that_fails_answers_503_and_keeps_neither_change_nor_answer(
    client: httpx.AsyncClient, tenant: Tenant, container: AsyncContainer
) -> None:
    """The database connection dies in the COMMIT itself (a deferred trigger ends the session):
    the client gets 503 with Retry-After, nothing was kept, and its retry with the key runs."""
    body, key = card(), f"die-at-commit-{uuid.uuid4()}"
    engine = await engine_of(container)
    async with engine.begin() as connection:
        for statement in DIE_AT_COMMIT:
            await connection.execute(text(statement))
    try:
        failed = await client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))
    finally:
        async with engine.begin() as connection:
            await connection.execute(text("DROP TRIGGER test_die_at_commit ON idempotency_answers"))
            await connection.execute(text("DROP FUNCTION test_die_at_commit()"))
    assert_error(failed, 503, "service_unavailable")
    assert int(failed.headers["retry-after"]) > 0
    assert await candidates_named(container, tenant, body["last_name"]) == 0
    assert await answers_of(container, tenant) == 0

    retried = await client.post(CANDIDATES, json=body, headers=keyed(tenant.admin.headers, key))
    assert retried.status_code == 201, retried.text
    assert "idempotent-replayed" not in retried.headers
    assert await candidates_named(container, tenant, body["last_name"]) == 1
