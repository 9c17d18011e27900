"""Departments, positions and grades over HTTP: bodies, ETags, conflicts, paging, roles, tenancy."""

from __future__ import annotations

import secrets
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from dishka import AsyncContainer

from application.ports.identity import UserRepository
from application.ports.transaction import UnitOfWork
from domain.identity.role import Role
from tests.support.http import assert_error
from tests.support.tenants import Tenant

API = "/api/v1"
RESOURCES = ["departments", "positions", "grades"]
WRITERS = {Role.ADMIN, Role.MANAGER}
NON_WRITERS = [role for role in Role if role not in WRITERS]


def unique(prefix: str = "Unit") -> str:
    return f"{prefix} {secrets.token_hex(4)}"


async def create(
    client: httpx.AsyncClient, tenant: Tenant, resource: str, name: str
) -> dict[str, Any]:
    response = await client.post(
        f"{API}/{resource}", json={"name": name}, headers=tenant.admin.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def read(
    client: httpx.AsyncClient, tenant: Tenant, resource: str, unit_id: str
) -> httpx.Response:
    return await client.get(f"{API}/{resource}/{unit_id}", headers=tenant.admin.headers)


async def point_user_at(container: AsyncContainer, tenant: Tenant, **links: UUID) -> None:
    """Link the tenant's employee to a unit, the way the users endpoints will."""
    async with container() as request:
        users = await request.get(UserRepository)
        user = await users.get(tenant.company_id, tenant[Role.EMPLOYEE].id, for_update=True)
        assert user is not None
        for link, value in links.items():
            setattr(user, link, value)
        await users.save(user, expected_version=user.version)
        await (await request.get(UnitOfWork)).commit()


# --- the happy path, for every kind -----------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
async def test_create_read_rename_delete(client, tenant, resource):
    headers = tenant.admin.headers
    created = await client.post(
        f"{API}/{resource}", json={"name": "  Отдел продаж "}, headers=headers
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert set(body) == {"id", "name", "created_at", "updated_at", "version"}
    assert body["name"] == "Отдел продаж"
    assert body["version"] == 1
    assert body["created_at"] == body["updated_at"]
    assert UUID(body["id"])
    assert created.headers["location"] == f"{API}/{resource}/{body['id']}"
    assert created.headers["etag"] == '"1"'

    fetched = await client.get(created.headers["location"], headers=tenant[Role.CUSTOMER].headers)
    assert fetched.status_code == 200
    assert fetched.json() == body
    assert fetched.headers["etag"] == '"1"'

    renamed = await client.patch(
        f"{API}/{resource}/{body['id']}",
        json={"name": "Продажи"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.headers["etag"] == '"2"'
    after = renamed.json()
    assert {**after, "updated_at": None} == {
        **body,
        "name": "Продажи",
        "version": 2,
        "updated_at": None,
    }
    assert after["updated_at"] >= body["updated_at"]
    assert (await read(client, tenant, resource, body["id"])).json() == after

    deleted = await client.delete(
        f"{API}/{resource}/{body['id']}", headers={**headers, "If-Match": '"2"'}
    )
    assert deleted.status_code == 204 and deleted.content == b""
    assert_error(await read(client, tenant, resource, body["id"]), 404, "not_found")


async def test_the_three_dictionaries_are_separate(client, tenant):
    department = await create(client, tenant, "departments", "Senior")
    position = await create(client, tenant, "positions", "Senior")
    grade = await create(client, tenant, "grades", "Senior")
    assert len({department["id"], position["id"], grade["id"]}) == 3
    assert_error(await read(client, tenant, "positions", department["id"]), 404, "not_found")


async def test_patch_without_a_name_changes_nothing(client, tenant):
    unit = await create(client, tenant, "grades", "Junior")
    response = await client.patch(
        f"{API}/grades/{unit['id']}", json={}, headers=tenant.admin.headers
    )
    assert response.status_code == 200
    assert response.json() == unit


async def test_renaming_to_the_same_name_keeps_the_version(client, tenant):
    unit = await create(client, tenant, "grades", "Middle")
    response = await client.patch(
        f"{API}/grades/{unit['id']}", json={"name": " Middle "}, headers=tenant.admin.headers
    )
    assert response.json() == unit
    assert response.headers["etag"] == '"1"'


# --- uniqueness and in-use ------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
async def test_a_name_taken_in_any_case_is_already_exists(client, tenant, resource):
    name = unique("Sales")
    await create(client, tenant, resource, name)
    for twin in (name.upper(), name.lower(), f"  {name} "):
        response = await client.post(
            f"{API}/{resource}", json={"name": twin}, headers=tenant.admin.headers
        )
        assert_error(response, 409, "already_exists")
    listed = await client.get(f"{API}/{resource}", headers=tenant.admin.headers)
    assert [item["name"] for item in listed.json()["items"]] == [name]


async def test_a_rename_onto_a_taken_name_is_already_exists_and_changes_nothing(client, tenant):
    await create(client, tenant, "departments", "Sales")
    other = await create(client, tenant, "departments", "Marketing")
    response = await client.patch(
        f"{API}/departments/{other['id']}", json={"name": "SALES"}, headers=tenant.admin.headers
    )
    assert_error(response, 409, "already_exists")
    assert (await read(client, tenant, "departments", other["id"])).json() == other


async def test_a_name_is_free_in_another_company(client, tenant, other_tenant):
    await create(client, tenant, "positions", "Developer")
    await create(client, other_tenant, "positions", "developer")


@pytest.mark.parametrize(
    ("resource", "link"),
    [("departments", "department_id"), ("positions", "position_id"), ("grades", "grade_id")],
)
async def test_a_unit_a_user_points_at_is_in_use(client, tenant, container, resource, link):
    unit = await create(client, tenant, resource, "Used")
    await point_user_at(container, tenant, **{link: UUID(unit["id"])})
    response = await client.delete(f"{API}/{resource}/{unit['id']}", headers=tenant.admin.headers)
    assert_error(response, 409, "in_use")
    assert (await read(client, tenant, resource, unit["id"])).json() == unit

    await point_user_at(container, tenant, **{link: None})
    response = await client.delete(f"{API}/{resource}/{unit['id']}", headers=tenant.admin.headers)
    assert response.status_code == 204


# --- ETag / If-Match ---------------------------------------------------------------------------


async def test_a_stale_if_match_on_patch_is_412_and_changes_nothing(client, tenant):
    unit = await create(client, tenant, "departments", "Sales")
    path = f"{API}/departments/{unit['id']}"
    first = await client.patch(
        path, json={"name": "Marketing"}, headers={**tenant.admin.headers, "If-Match": '"1"'}
    )
    assert first.status_code == 200
    for stale in ('"1"', '"7"', "garbage", '""'):
        response = await client.patch(
            path, json={"name": "Support"}, headers={**tenant.admin.headers, "If-Match": stale}
        )
        assert_error(response, 412, "precondition_failed")
    assert (await read(client, tenant, "departments", unit["id"])).json() == first.json()


async def test_a_stale_if_match_on_delete_is_412_and_deletes_nothing(client, tenant):
    unit = await create(client, tenant, "positions", "Analyst")
    path = f"{API}/positions/{unit['id']}"
    await client.patch(path, json={"name": "Data analyst"}, headers=tenant.admin.headers)
    response = await client.delete(path, headers={**tenant.admin.headers, "If-Match": '"1"'})
    assert_error(response, 412, "precondition_failed")
    kept = await read(client, tenant, "positions", unit["id"])
    assert kept.json()["name"] == "Data analyst" and kept.json()["version"] == 2


async def test_if_match_star_and_a_weak_current_tag_are_honoured(client, tenant):
    unit = await create(client, tenant, "grades", "Lead")
    path = f"{API}/grades/{unit['id']}"
    renamed = await client.patch(
        path, json={"name": "Team lead"}, headers={**tenant.admin.headers, "If-Match": "*"}
    )
    assert renamed.json()["version"] == 2
    deleted = await client.delete(path, headers={**tenant.admin.headers, "If-Match": 'W/"2"'})
    assert deleted.status_code == 204


# --- lists ----------------------------------------------------------------------------------


async def test_q_filters_case_insensitively_and_the_count_follows(client, tenant):
    for name in ("Backend", "Frontend", "Sales"):
        await create(client, tenant, "departments", name)
    response = await client.get(
        f"{API}/departments", params={"q": "END"}, headers=tenant[Role.EMPLOYEE].headers
    )
    assert response.status_code == 200
    body = response.json()
    assert [item["name"] for item in body["items"]] == ["Backend", "Frontend"]
    assert body["count"] == 2
    assert set(body["items"][0]) == {"id", "name", "created_at", "updated_at", "version"}
    percent = await client.get(
        f"{API}/departments", params={"q": "%"}, headers=tenant.admin.headers
    )
    assert percent.json() == {"items": [], "count": 0}


async def test_sorting_and_paging(client, tenant):
    names = ["b-unit", "A-unit", "c-unit", "d-unit"]
    for name in names:
        await create(client, tenant, "grades", name)

    async def names_of(**params: Any) -> tuple[list[str], int]:
        response = await client.get(f"{API}/grades", params=params, headers=tenant.admin.headers)
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]], response.json()["count"]

    assert await names_of() == (["A-unit", "b-unit", "c-unit", "d-unit"], 4)
    assert await names_of(sort="-name") == (["d-unit", "c-unit", "b-unit", "A-unit"], 4)
    assert (await names_of(sort="created_at"))[0] == names
    assert (await names_of(sort="-created_at"))[0] == names[::-1]
    assert await names_of(limit=2, offset=1) == (["b-unit", "c-unit"], 4)
    assert await names_of(limit=200, offset=4) == ([], 4)
    assert await names_of(offset=1000) == ([], 4)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "many"}, "limit"),
        ({"sort": "id"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"q": "a\x00b"}, "q"),
    ],
)
async def test_bad_list_parameters_are_400_naming_the_parameter(client, tenant, params, field):
    response = await client.get(f"{API}/departments", params=params, headers=tenant.admin.headers)
    assert_error(response, 400, "invalid_request", field=field)


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body", [{"name": ""}, {"name": "   "}, {"name": "x" * 201}, {"name": None}, {"name": 5}, {}]
)
async def test_an_invalid_name_is_400_on_the_name_field(client, tenant, body):
    response = await client.post(f"{API}/departments", json=body, headers=tenant.admin.headers)
    assert_error(response, 400, "invalid_request", field="name")
    listed = await client.get(f"{API}/departments", headers=tenant.admin.headers)
    assert listed.json()["count"] == 0


async def test_an_invalid_rename_is_400_on_the_name_field(client, tenant):
    unit = await create(client, tenant, "positions", "Tester")
    for body in ({"name": " "}, {"name": None}):
        response = await client.patch(
            f"{API}/positions/{unit['id']}", json=body, headers=tenant.admin.headers
        )
        assert_error(response, 400, "invalid_request", field="name")
    assert (await read(client, tenant, "positions", unit["id"])).json() == unit


async def test_server_owned_fields_are_refused(client, tenant):
    for field in ("id", "version", "company_id", "created_at"):
        response = await client.post(
            f"{API}/departments", json={"name": "Sales", field: "1"}, headers=tenant.admin.headers
        )
        assert_error(response, 400, "invalid_request", field=field)


async def test_a_form_post_is_415(client, tenant):
    response = await client.post(
        f"{API}/departments",
        content="name=Sales",
        headers={**tenant.admin.headers, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_a_path_id_that_is_no_uuid_is_a_client_error(client, tenant, method):
    response = await client.request(
        method,
        f"{API}/departments/not-a-uuid",
        json={"name": "x"} if method == "PATCH" else None,
        headers=tenant.admin.headers,
    )
    assert response.status_code in (400, 404), response.text
    assert response.json()["error"] in ("invalid_request", "not_found")


# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
async def test_every_role_reads_lists_and_single_units(client, tenant, role):
    unit = await create(client, tenant, "departments", "Readable")
    listed = await client.get(f"{API}/departments", headers=tenant[role].headers)
    assert [item["id"] for item in listed.json()["items"]] == [unit["id"]]
    single = await client.get(f"{API}/departments/{unit['id']}", headers=tenant[role].headers)
    assert single.json() == unit


async def test_anonymous_callers_are_401_everywhere(client, tenant):
    unit = await create(client, tenant, "departments", "Private")
    item = f"{API}/departments/{unit['id']}"
    for method, path in [
        ("GET", f"{API}/departments"),
        ("GET", item),
        ("POST", f"{API}/departments"),
        ("PATCH", item),
        ("DELETE", item),
    ]:
        body = {"name": "x"} if method in ("POST", "PATCH") else None
        assert_error(await client.request(method, path, json=body), 401, "invalid_token")


@pytest.mark.parametrize("role", sorted(WRITERS))
async def test_admins_and_managers_write(client, tenant, role):
    headers = tenant[role].headers
    created = await client.post(f"{API}/positions", json={"name": unique()}, headers=headers)
    assert created.status_code == 201
    path = created.headers["location"]
    assert (await client.patch(path, json={"name": unique()}, headers=headers)).status_code == 200
    assert (await client.delete(path, headers=headers)).status_code == 204


@pytest.mark.parametrize("role", NON_WRITERS)
@pytest.mark.parametrize("resource", RESOURCES)
async def test_other_roles_may_not_write_and_nothing_changes(client, tenant, role, resource):
    unit = await create(client, tenant, resource, unique())
    headers = tenant[role].headers
    item = f"{API}/{resource}/{unit['id']}"
    assert_error(
        await client.post(f"{API}/{resource}", json={"name": unique()}, headers=headers),
        403,
        "access_denied",
    )
    assert_error(
        await client.patch(item, json={"name": unique()}, headers=headers), 403, "access_denied"
    )
    assert_error(await client.delete(item, headers=headers), 403, "access_denied")
    listed = await client.get(f"{API}/{resource}", headers=tenant.admin.headers)
    assert listed.json()["items"] == [unit]


# --- tenancy --------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
async def test_another_companys_unit_is_404_and_nothing_changes(
    client, tenant, other_tenant, resource
):
    unit = await create(client, tenant, resource, unique())
    item = f"{API}/{resource}/{unit['id']}"
    foreign = other_tenant.admin.headers
    assert_error(await client.get(item, headers=foreign), 404, "not_found")
    assert_error(
        await client.patch(item, json={"name": "Hacked"}, headers=foreign), 404, "not_found"
    )
    assert_error(
        await client.patch(item, json={"name": "Hacked"}, headers={**foreign, "If-Match": '"1"'}),
        404,
        "not_found",
    )
    assert_error(await client.delete(item, headers=foreign), 404, "not_found")
    listed = await client.get(f"{API}/{resource}", headers=foreign)
    assert unit["id"] not in {row["id"] for row in listed.json()["items"]}
    assert (await read(client, tenant, resource, unit["id"])).json() == unit


async def test_an_unknown_id_is_404(client, tenant):
    assert_error(await read(client, tenant, "grades", str(uuid4())), 404, "not_found")
