"""JSON-only writes, generated over tests/api/catalog.py: a body a cross-site HTML form can send
(urlencoded, multipart, text/plain) is refused with 415 by every POST, PATCH and DELETE, and
changes nothing."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.api.catalog import OPERATIONS, Operation, Setup
from tests.security.support import Witness
from tests.support.http import assert_error
from tests.support.tenants import PASSWORD, Tenant

WRITES = [
    pytest.param(op, id=op.key) for op in OPERATIONS if op.method in ("POST", "PATCH", "DELETE")
]


def form_fields(body: object) -> dict[str, str]:
    if isinstance(body, dict) and body:
        return {
            key: json.dumps(value) if not isinstance(value, str) else value
            for key, value in body.items()
        }
    return {"confirm": "yes"}


def form_requests(
    client: httpx.AsyncClient, method: str, path: str, body: object, headers: dict[str, str]
) -> dict[str, httpx.Request]:
    fields = form_fields(body)
    as_text = json.dumps(body if body is not None else {}).encode()
    return {
        "urlencoded": client.build_request(method, path, data=fields, headers=headers),
        "multipart": client.build_request(
            method, path, data=fields, files={"file": ("a.txt", b"x")}, headers=headers
        ),
        "text/plain": client.build_request(
            method, path, content=as_text, headers={**headers, "Content-Type": "text/plain"}
        ),
    }


@pytest.mark.parametrize("operation", WRITES)
async def test_a_cross_site_form_body_is_unsupported_media_type(
    client: httpx.AsyncClient, tenant: Tenant, operation: Operation
) -> None:
    call = await operation.prepare(Setup(client, tenant))
    witness = await Witness.take(client, tenant, operation, call)
    requests = form_requests(client, operation.method, call.path, call.json, tenant.admin.headers)
    for kind, request in requests.items():
        media_type = request.headers["content-type"].split(";")[0]
        assert media_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "text/plain",
        )
        assert request.read(), kind
        response = await client.send(request)
        assert_error(response, 415, "unsupported_media_type")
        assert "set-cookie" not in response.headers, kind
        await witness.assert_unchanged()


async def test_a_form_post_riding_the_session_cookie_is_refused(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    """The browser case: the access cookie travels with a cross-site form on its own."""
    login = await client.post(
        "/api/v1/sessions", json={"username": tenant.admin.username, "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    cookie = {"Cookie": f"at={login.cookies['at']}"}
    client.cookies.clear()
    before = await client.get("/api/v1/departments", headers=cookie)
    assert before.status_code == 200, before.text
    for request in form_requests(
        client, "POST", "/api/v1/departments", {"name": "csrf"}, cookie
    ).values():
        assert_error(await client.send(request), 415, "unsupported_media_type")
    after = await client.get("/api/v1/departments", headers=cookie)
    assert after.json()["count"] == before.json()["count"]
