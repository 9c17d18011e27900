"""The legacy entrypoint over HTTP on real PostgreSQL, every answer checked against the old
document: references, sessions, departments / positions / grades."""

from __future__ import annotations

import re
import secrets
import uuid

import httpx
import pytest

from domain.identity.role import Role
from tests.api.legacy.catalog import OLD_REFERENCES
from tests.api.legacy.oracle import DOCUMENT as OLD_DOCUMENT
from tests.api.legacy.oracle import OLD_API, assert_old_shape, operations
from tests.support.http import assert_error
from tests.support.tenants import Tenant

LEGACY = "/legacy"
ORGANISATION = ["departments", "positions", "grades"]


async def old(
    client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str], **kwargs
) -> httpx.Response:
    """A request to the legacy prefix whose answer must have the old shape."""
    response = await client.request(method, LEGACY + OLD_API + path, headers=headers, **kwargs)
    if response.status_code == 200:
        body = response.json() if response.content else None
        assert_old_shape(method, OLD_API + path.split("?")[0], 200, body)
    return response


@pytest.mark.parametrize("name", OLD_REFERENCES)
async def test_references_come_under_their_old_names_and_shape(
    client: httpx.AsyncClient, tenant: Tenant, name: str
) -> None:
    response = await old(client, "GET", f"/refs/{name}", tenant[Role.EMPLOYEE].headers)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data and all(set(item) <= {"code", "value", "parent_id"} for item in data)


async def test_family_stats_are_the_family_statuses(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    legacy = await old(client, "GET", "/refs/family-stats", tenant.admin.headers)
    main = await client.get(f"{OLD_API}/refs/family-statuses", headers=tenant.admin.headers)
    live = [(i["code"], i["value"]) for i in main.json()["items"] if not i["is_archive"]]
    assert [(i["code"], i["value"]) for i in legacy.json()["data"]] == live


async def test_roles_are_numbered_with_their_system_names(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await old(client, "GET", "/refs/roles", tenant.admin.headers)
    roles = {role["sys_name"]: role["code"] for role in response.json()["roles"]}
    assert roles == {role.value: role.code for role in Role}


async def test_an_unknown_reference_is_the_old_400(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await old(client, "GET", "/refs/family-statuses", tenant.admin.headers)
    assert_error(response, 400, "invalid_client")


async def test_references_need_a_signed_in_caller(client: httpx.AsyncClient) -> None:
    response = await old(client, "GET", "/refs/languages", {})
    assert_error(response, 401, "invalid_token")


@pytest.mark.parametrize("plural", ORGANISATION)
async def test_organisation_units_are_created_listed_and_deleted_the_old_way(
    client: httpx.AsyncClient, tenant: Tenant, plural: str
) -> None:
    name = f"{plural} {secrets.token_hex(3)}"
    created = await old(client, "POST", f"/{plural}", tenant.admin.headers, json={"name": name})
    assert created.status_code == 200, created.text
    unit_id = created.json()["id"]
    assert set(created.json()) == {"id"}

    listed = await old(client, "GET", f"/{plural}", tenant[Role.EMPLOYEE].headers)
    assert {"id": unit_id, "name": name} in listed.json()[plural]

    main = await client.get(f"{OLD_API}/{plural}/{unit_id}", headers=tenant.admin.headers)
    assert main.json()["name"] == name  # the same row, seen through the main API

    deleted = await old(client, "DELETE", f"/{plural}/{unit_id}", tenant.admin.headers)
    assert (deleted.status_code, deleted.json()) == (200, {"id": unit_id})
    again = await old(client, "DELETE", f"/{plural}/{unit_id}", tenant.admin.headers)
    assert_error(again, 400, "invalid_client")


@pytest.mark.parametrize("plural", ORGANISATION)
async def test_another_company_s_unit_is_the_old_unknown_id(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, plural: str
) -> None:
    created = await old(
        client, "POST", f"/{plural}", tenant.admin.headers, json={"name": secrets.token_hex(4)}
    )
    unit_id = created.json()["id"]
    foreign = await old(client, "DELETE", f"/{plural}/{unit_id}", other_tenant.admin.headers)
    assert_error(foreign, 400, "invalid_client")
    listed = await old(client, "GET", f"/{plural}", other_tenant.admin.headers)
    assert unit_id not in {unit["id"] for unit in listed.json()[plural]}


@pytest.mark.parametrize("plural", ORGANISATION)
async def test_organisation_writes_follow_the_role_matrix(
    client: httpx.AsyncClient, tenant: Tenant, plural: str
) -> None:
    for role in Role:
        response = await old(
            client, "POST", f"/{plural}", tenant[role].headers, json={"name": secrets.token_hex(4)}
        )
        if role in (Role.ADMIN, Role.MANAGER):
            assert response.status_code == 200, (role, response.text)
        else:
            assert_error(response, 403, "access_denied")


async def test_a_taken_name_and_a_malformed_body_are_the_old_400(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    name = secrets.token_hex(4)
    first = await old(client, "POST", "/grades", tenant.admin.headers, json={"name": name})
    assert first.status_code == 200
    taken = await old(client, "POST", "/grades", tenant.admin.headers, json={"name": name})
    assert_error(taken, 400, "already_exists")  # the old document has no 409 here
    empty = await old(client, "POST", "/grades", tenant.admin.headers, json={"name": ""})
    assert_error(empty, 400, "invalid_request")
    not_an_id = await old(client, "DELETE", "/grades/not-a-uuid", tenant.admin.headers)
    assert not_an_id.status_code == 400, not_an_id.text


async def test_a_login_at_either_prefix_works_at_both(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    password = "long-enough-password"
    username = f"legacy.{secrets.token_hex(3)}"
    created = await client.post(
        f"{OLD_API}/users",
        headers=tenant.admin.headers,
        json={
            "username": username,
            "password": password,
            "role_code": "recruiter",
            "first_name": "Ivan",
            "last_name": "Petrov",
            "email": f"{username}@example.com",
        },
    )
    assert created.status_code == 201, created.text

    login = await old(
        client, "POST", "/sessions", {}, json={"username": username, "password": password}
    )
    assert login.status_code == 200, login.text
    assert login.json() == {"user_id": created.json()["id"], "role_code": Role.RECRUITER.code}
    assert (await client.get(f"{OLD_API}/users/current")).status_code == 200  # the `at` cookie
    assert {cookie.path for cookie in client.cookies.jar if cookie.name == "rt"} == {
        f"{OLD_API}/sessions",
        f"{LEGACY}{OLD_API}/sessions",
    }
    assert (await old(client, "POST", "/sessions/protected", {})).status_code == 200

    refreshed = await old(client, "PATCH", "/sessions", {})  # the `rt` cookie of the old path
    assert refreshed.status_code == 200, refreshed.text
    main_refresh = await client.patch(f"{OLD_API}/sessions")  # and of the main one
    assert main_refresh.status_code == 200, main_refresh.text

    logout = await old(client, "DELETE", "/sessions", {})
    assert logout.status_code == 200, logout.text
    client.cookies.clear()
    assert_error(await old(client, "POST", "/sessions/protected", {}), 401, "invalid_token")


async def test_a_wrong_password_is_the_old_401(client: httpx.AsyncClient, tenant: Tenant) -> None:
    response = await old(
        client,
        "POST",
        "/sessions",
        {},
        json={"username": tenant.admin.username, "password": "wrong-password"},
    )
    assert_error(response, 401, "invalid_credentials")


OPEN_TO_EVERYONE = ("/api/v1/sessions", "/api/v1/refs/", "/api/v1/users/current")


async def test_the_legacy_schema_is_the_old_document_with_gefest_s_additions(
    client: httpx.AsyncClient,
) -> None:
    schema = (await client.get(f"{LEGACY}/openapi.json")).json()
    assert schema["servers"] == [{"url": LEGACY}]
    assert schema["paths"].keys() == OLD_DOCUMENT["paths"].keys()
    for path, item in OLD_DOCUMENT["paths"].items():
        for method, operation in item.items():
            served = schema["paths"][path][method]
            assert served.get("parameters") == operation.get("parameters"), (method, path)
            assert served.get("requestBody") == operation.get("requestBody"), (method, path)
            # A 403 where the role matrix may refuse; nothing else is added.
            may_refuse = not path.startswith(OPEN_TO_EVERYONE)
            assert set(served["responses"]) == set(operation["responses"]) | (
                {"403"} if may_refuse else set()
            ), (method, path)
    # The nullability rule: an optional property may be null, a required one may not.
    vacancy = schema["components"]["schemas"]["src__service__pd_models__vacancy__Read"]
    assert vacancy["properties"]["deadline"] == {
        "anyOf": [{"format": "date", "type": "string"}, {"type": "null"}]
    }
    assert vacancy["properties"]["id"] == {"format": "uuid", "type": "string"}
    main = (await client.get("/openapi.json")).json()
    assert not any(path.startswith(LEGACY) for path in main["paths"])


async def test_the_legacy_schema_has_a_docs_page(client: httpx.AsyncClient) -> None:
    page = await client.get(f"{LEGACY}/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'url: "{LEGACY}/openapi.json"' in page.text
    assert (await client.get("/docs-assets/swagger-ui-bundle.js")).status_code == 200


async def test_every_operation_of_the_old_document_is_served(
    client: httpx.AsyncClient,
) -> None:
    """A route that does not exist answers 404 or 405; a served one anything else (401 without
    credentials, 400 for the empty body, 200 for a logout)."""
    served = set()
    for method, template in operations():
        path = re.sub(r"\{[^}]+\}", str(uuid.UUID(int=1)), template)
        response = await client.request(method, LEGACY + path)
        if response.status_code not in (404, 405):
            served.add((method, template))
    assert served == set(operations())
