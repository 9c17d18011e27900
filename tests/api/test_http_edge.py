"""The HTTP edge: the error envelope for every failure, JSON-only writes, CORS, security headers,
health and readiness, offline docs and a complete OpenAPI schema."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from dishka import Provider, Scope, provide
from litestar import Litestar

from application.refs.get_reference import GetReference
from domain.identity.role import Role
from entrypoints.http.app import create_app
from tests.api.conftest import BASE_URL, api_settings
from tests.support.http import assert_error
from tests.support.lifespan import start_app, stop_app
from tests.support.tenants import PASSWORD

SESSIONS = "/api/v1/sessions"
UNREACHABLE_DATABASE = "postgresql://postgres@127.0.0.1:1/nope"


@asynccontextmanager
async def serve(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A client on a separately built app (see tests/api/conftest.py session_client)."""
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    await start_app(app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client
    finally:
        await stop_app(app)


def assert_envelope_only(response: httpx.Response) -> dict[str, object]:
    body = response.json()
    assert set(body) <= {"error", "error_description", "details"}, body
    return body


# --- the envelope for Litestar's own errors ------------------------------------------------------


async def test_an_unknown_body_field_is_refused_naming_it(client, tenant):
    response = await client.post(
        SESSIONS,
        json={"username": tenant.admin.username, "password": PASSWORD, "company_id": "x"},
    )
    body = assert_error(response, 400, "invalid_request", field="company_id")
    assert_envelope_only(response)
    assert [detail["field"] for detail in body["details"]] == ["company_id"]
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/grades", "offset=0.0", "offset"),
        ("/api/v1/users", "limit=1e1", "limit"),
        ("/api/v1/candidates", "address_code=1.5", "address_code"),
        ("/api/v1/candidates", "salary_from=100000.0", "salary_from"),
        ("/api/v1/vacancies", "status_code=0x1", "status_code"),
        ("/api/v1/interviews", "stage_code=1.0", "stage_code"),
    ],
)
async def test_an_integer_query_parameter_takes_digits_only(client, tenant, path, query, field):
    response = await client.get(f"{path}?{query}", headers=tenant.admin.headers)
    assert_error(response, 400, "invalid_request", field=field)
    assert_envelope_only(response)
    whole = await client.get(f"{path}?{query.split('=')[0]}=1", headers=tenant.admin.headers)
    assert whole.status_code == 200, whole.text


async def test_malformed_json_is_invalid_request(client):
    response = await client.post(
        SESSIONS, content=b'{"username": "admin", ', headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "invalid_request")
    assert_envelope_only(response)


async def test_wrong_types_are_invalid_request_naming_the_field(client):
    response = await client.post(SESSIONS, json={"username": 5, "password": "secret"})
    assert_error(response, 400, "invalid_request", field="username")
    response = await client.post(SESSIONS, json={"username": "admin", "password": ["x"]})
    assert_error(response, 400, "invalid_request", field="password")


async def test_a_missing_field_is_invalid_request_naming_it(client):
    response = await client.post(SESSIONS, json={"username": "admin"})
    assert_error(response, 400, "invalid_request", field="password")


async def test_a_body_that_is_not_an_object_is_invalid_request(client):
    for body in ([], "admin", None):
        assert_error(await client.post(SESSIONS, json=body), 400, "invalid_request")


async def test_a_form_post_is_unsupported_media_type(client, tenant):
    response = await client.post(
        SESSIONS, data={"username": tenant.admin.username, "password": PASSWORD}
    )
    assert_error(response, 415, "unsupported_media_type")
    assert "set-cookie" not in response.headers
    response = await client.post(
        SESSIONS,
        content=b'{"username": "admin", "password": "admin"}',
        headers={"Content-Type": "text/plain"},
    )
    assert_error(response, 415, "unsupported_media_type")


async def test_a_json_body_without_a_content_type_is_unsupported_media_type(client):
    request = client.build_request("POST", SESSIONS, content=b'{"username": "a"}')
    assert "content-type" not in request.headers
    assert_error(await client.send(request), 415, "unsupported_media_type")


async def test_json_with_a_charset_is_accepted(client, tenant):
    response = await client.post(
        SESSIONS,
        content=f'{{"username": "{tenant.admin.username}", "password": "{PASSWORD}"}}'.encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "content_type",
    [
        "application/merge-patch+json",
        "application/vnd.api+json",
        "application/json; charset=latin-1",
        "application/json;charset=ISO-8859-1",
        'application/json; charset="utf-16"',
    ],
)
async def test_only_plain_utf8_json_is_taken(client, tenant, content_type):
    response = await client.post(
        SESSIONS,
        content=f'{{"username": "{tenant.admin.username}", "password": "{PASSWORD}"}}'.encode(),
        headers={"Content-Type": content_type},
    )
    assert_error(response, 415, "unsupported_media_type")
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("content_type", ["application/json; charset=UTF-8", "Application/JSON"])
async def test_utf8_json_in_any_spelling_is_taken(client, tenant, content_type):
    response = await client.post(
        SESSIONS,
        content=f'{{"username": "{tenant.admin.username}", "password": "{PASSWORD}"}}'.encode(),
        headers={"Content-Type": content_type},
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("escape", ["\\ud800", "\\udc00", "\\ud800x", "\\ud83d\\u0041"])
async def test_an_unpaired_surrogate_is_named_as_such(client, escape):
    body = f'{{"username": "admin{escape}", "password": "long-enough"}}'.encode()
    response = await client.post(
        SESSIONS, content=body, headers={"Content-Type": "application/json"}
    )
    error = assert_error(response, 400, "invalid_request")
    assert "surrogate" in error["error_description"], error


async def test_a_paired_surrogate_escape_is_an_ordinary_character(client, tenant):
    response = await client.post(
        "/api/v1/skills", json={"name": "emoji \U0001f600"}, headers=tenant.admin.headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "emoji \U0001f600"


async def test_an_unknown_route_is_a_not_found_envelope(client, tenant):
    for path in ("/api/v1/nothing-here", "/nothing-here", "/api/v2/sessions"):
        response = await client.get(path, headers=tenant.admin.headers)
        assert_error(response, 404, "not_found")
        assert_envelope_only(response)


async def test_a_wrong_method_is_a_method_not_allowed_envelope(client, tenant):
    response = await client.put(SESSIONS, json={})
    assert_error(response, 405, "method_not_allowed")
    assert_envelope_only(response)
    response = await client.post("/api/v1/users/current", headers=tenant.admin.headers, json={})
    assert_error(response, 405, "method_not_allowed")


async def test_an_oversized_body_is_refused_with_the_envelope(client):
    response = await client.post(SESSIONS, json={"username": "a", "password": "x" * 2_000_000})
    assert_error(response, 413, "request_too_large")


async def test_an_unexpected_exception_is_a_500_envelope_with_no_trace(
    migrated_database_url, container, tenant
):
    class ExplodingReference:
        async def execute(self, name: str) -> object:
            raise RuntimeError(f"secret internal detail of {name}: SELECT * FROM users")

    class Broken(Provider):
        reference = provide(ExplodingReference, provides=GetReference, scope=Scope.REQUEST)

    app = create_app(api_settings(migrated_database_url), Broken())
    async with serve(app) as broken:
        response = await broken.get("/api/v1/refs/roles", headers=tenant.admin.headers)
    assert response.status_code == 500, response.text
    body = response.json()
    assert set(body) == {"error", "error_description"}
    assert body["error"] == "internal_error"
    for leak in ("Traceback", "RuntimeError", "secret internal detail", "SELECT", ".py"):
        assert leak not in response.text
    assert response.headers["content-type"].startswith("application/json")


# --- CORS and headers ----------------------------------------------------------------------------


async def test_a_preflight_from_an_allowed_origin_is_answered(client):
    response = await client.options(
        SESSIONS,
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code in (200, 204), response.text
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


async def test_a_simple_request_from_an_allowed_origin_may_read_the_answer(client, tenant):
    response = await client.get(
        "/api/v1/refs/roles",
        headers={**tenant.admin.headers, "Origin": "https://gefest-pro.tech"},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://gefest-pro.tech"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "etag" in response.headers["access-control-expose-headers"].lower()


async def test_a_preflight_from_a_refused_origin_gets_no_allow_origin(client, tenant):
    response = await client.options(
        SESSIONS,
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code < 500
    assert "access-control-allow-origin" not in response.headers
    simple = await client.get(
        "/api/v1/refs/roles", headers={**tenant.admin.headers, "Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in simple.headers


async def test_security_headers_are_on_every_response(client, tenant):
    responses = [
        await client.get("/health"),
        await client.get("/api/v1/users/current", headers=tenant.admin.headers),
        await client.get("/api/v1/nothing-here"),
        await client.post(SESSIONS, json={"username": "nobody-x", "password": "x"}),
    ]
    for response in responses:
        assert response.headers["x-content-type-options"] == "nosniff", response.url
    # API answers are personal: never cached by a shared cache unless a route says otherwise.
    assert responses[1].headers["cache-control"] == "no-store"


# --- health and readiness ------------------------------------------------------------------------


async def test_health_needs_no_database(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_on_the_migrated_database(client):
    response = await client.get("/ready")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ready"}


async def test_an_unreachable_database_is_503_quickly_never_500_or_a_hang(tenant):
    app = create_app(api_settings(UNREACHABLE_DATABASE, database_timeout_seconds=1))
    async with serve(app) as down:
        started = time.monotonic()
        health = await down.get("/health")
        assert health.status_code == 200

        ready = await down.get("/ready")
        assert_error(ready, 503, "service_unavailable")
        assert int(ready.headers["retry-after"]) > 0

        login = await down.post(SESSIONS, json={"username": "admin", "password": "admin"})
        assert_error(login, 503, "service_unavailable")
        assert int(login.headers["retry-after"]) > 0

        # The token is checked without the database (same test secret); the read needs it.
        current = await down.get("/api/v1/users/current", headers=tenant[Role.EMPLOYEE].headers)
        assert_error(current, 503, "service_unavailable")
        refs = await down.get("/api/v1/refs/roles", headers=tenant[Role.EMPLOYEE].headers)
        assert_error(refs, 503, "service_unavailable")
    assert time.monotonic() - started < 10


# --- docs and schema -----------------------------------------------------------------------------


async def test_docs_are_served_from_local_assets_only(client):
    response = await client.get("/docs")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "swagger" in html.lower()
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert urls, html
    for url in urls:
        assert url.startswith("/docs-assets/") or url.startswith("/docs/"), url
    assert not re.search(r"https?://(?!testserver\.local)", html), re.findall(r"https?://\S+", html)

    for url in urls:
        if url.startswith("/docs-assets/"):
            asset = await client.get(url)
            assert asset.status_code == 200, url
            assert len(asset.content) > 1000, url
    script = await client.get("/docs-assets/swagger-ui-bundle.js")
    assert "javascript" in script.headers["content-type"]


async def test_the_openapi_schema_declares_every_error(client):
    response = await client.get("/openapi.json")
    assert response.status_code == 200, response.text
    schema = response.json()
    assert schema == (await client.get("/docs/openapi.json")).json()
    operations = {
        (method.upper(), path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }
    for expected in (
        ("POST", "/api/v1/sessions"),
        ("PATCH", "/api/v1/sessions"),
        ("DELETE", "/api/v1/sessions"),
        ("DELETE", "/api/v1/sessions/all"),
        ("GET", "/api/v1/users/current"),
        ("GET", "/api/v1/refs/{name}"),
        ("GET", "/health"),
        ("GET", "/ready"),
    ):
        assert expected in operations, (expected, sorted(operations))
    for (method, path), operation in operations.items():
        if not path.startswith("/api/"):
            continue
        responses = operation["responses"]
        for status in ("400", "401"):
            assert status in responses, (method, path, status)
            content = responses[status]["content"]["application/json"]
            assert "schema" in content, (method, path, status)
    assert "429" in operations[("POST", "/api/v1/sessions")]["responses"]
    assert "404" in operations[("GET", "/api/v1/refs/{name}")]["responses"]
    assert "503" in operations[("GET", "/ready")]["responses"]

    body = operations[("POST", "/api/v1/sessions")]["requestBody"]["content"]["application/json"]
    body_schema = body["schema"]
    reference = (body_schema.get("$ref") or body_schema["allOf"][0]["$ref"]).rsplit("/", 1)[-1]
    credentials = schema["components"]["schemas"][reference]
    assert credentials["additionalProperties"] is False
    assert set(credentials["required"]) == {"username", "password"}
