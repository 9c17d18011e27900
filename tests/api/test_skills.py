"""The skills dictionary over HTTP: find-or-create, autocomplete order, in use, roles, tenancy."""

from __future__ import annotations

import secrets
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from dishka import AsyncContainer
from sqlalchemy import insert

from adapters.postgres.session import PgSession
from adapters.postgres.tables import candidate_skills, candidates
from domain.identity.role import Role
from tests.support.http import assert_error
from tests.support.tenants import Tenant

API = "/api/v1"
WRITERS = {Role.ADMIN, Role.MANAGER, Role.RECRUITER}
NON_WRITERS = [role for role in Role if role not in WRITERS]


async def add_skill(client: httpx.AsyncClient, tenant: Tenant, name: str) -> dict[str, Any]:
    response = await client.post(f"{API}/skills", json={"name": name}, headers=tenant.admin.headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def names(client: httpx.AsyncClient, tenant: Tenant, **params: Any) -> tuple[list[str], int]:
    response = await client.get(f"{API}/skills", params=params, headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]], response.json()["count"]


async def give_skill_to_a_candidate(
    container: AsyncContainer, tenant: Tenant, skill_id: str
) -> None:
    """A candidate holding the skill, written straight into the tables (the candidate endpoints
    are tested elsewhere; this only needs the reference)."""
    async with container() as request:
        session = await request.get(PgSession)
        candidate_id = uuid4()
        await session.execute(
            insert(candidates).values(
                id=candidate_id,
                company_id=tenant.company_id,
                first_name="Анна",
                last_name="Иванова",
                created_by=tenant.admin.id,
            )
        )
        await session.execute(
            insert(candidate_skills).values(
                company_id=tenant.company_id, candidate_id=candidate_id, skill_id=UUID(skill_id)
            )
        )
        await session.commit()


async def test_create_then_find_the_same_skill_by_any_spelling(client, tenant):
    created = await client.post(
        f"{API}/skills", json={"name": " Git  Hub"}, headers=tenant[Role.RECRUITER].headers
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body == {"id": body["id"], "name": "Git Hub", "normalized_name": "git hub"}
    assert created.headers["location"] == f"{API}/skills/{body['id']}"

    for spelling in ("git hub", "GIT HUB", "  Git\tHub "):
        again = await client.post(
            f"{API}/skills", json={"name": spelling}, headers=tenant.admin.headers
        )
        assert again.status_code == 200, again.text
        assert again.json() == body
        assert again.headers["location"] == f"{API}/skills/{body['id']}"

    fetched = await client.get(created.headers["location"], headers=tenant[Role.CUSTOMER].headers)
    assert fetched.status_code == 200
    assert fetched.json() == body
    assert await names(client, tenant) == (["Git Hub"], 1)


async def test_the_same_skill_is_separate_per_company(client, tenant, other_tenant):
    ours = await add_skill(client, tenant, "Python")
    response = await client.post(
        f"{API}/skills", json={"name": "python"}, headers=other_tenant.admin.headers
    )
    assert response.status_code == 201
    assert response.json()["id"] != ours["id"]


async def test_search_puts_prefix_matches_first(client, tenant):
    for name in ("CPython", "Python", "Jython", "pytest", "Go", "MicroPython"):
        await add_skill(client, tenant, name)
    response = await client.get(
        f"{API}/skills", params={"q": "PY"}, headers=tenant[Role.EMPLOYEE].headers
    )
    assert response.status_code == 200
    body = response.json()
    assert [item["name"] for item in body["items"]] == [
        "pytest",
        "Python",
        "CPython",
        "MicroPython",
    ]
    assert body["count"] == 4
    assert set(body["items"][0]) == {"id", "name", "normalized_name"}


async def test_search_pages_default_to_20_and_count_everything(client, tenant):
    for index in range(23):
        await add_skill(client, tenant, f"skill {index:02}")
    found, count = await names(client, tenant)
    assert (len(found), count) == (20, 23)
    assert await names(client, tenant, limit=2, offset=21) == (["skill 21", "skill 22"], 23)
    assert await names(client, tenant, offset=23) == ([], 23)
    assert await names(client, tenant, q="%") == ([], 0)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
        ({"q": "\x00"}, "q"),
        ({"q": "x" * 101}, "q"),
    ],
)
async def test_bad_search_parameters_are_400_naming_the_parameter(client, tenant, params, field):
    response = await client.get(f"{API}/skills", params=params, headers=tenant.admin.headers)
    assert_error(response, 400, "invalid_request", field=field)


@pytest.mark.parametrize(
    "body", [{"name": ""}, {"name": "    "}, {"name": "x" * 101}, {"name": None}, {}]
)
async def test_an_invalid_name_is_400_on_the_name_field(client, tenant, body):
    response = await client.post(f"{API}/skills", json=body, headers=tenant.admin.headers)
    assert_error(response, 400, "invalid_request", field="name")
    assert (await names(client, tenant))[1] == 0


async def test_server_owned_fields_are_refused(client, tenant):
    response = await client.post(
        f"{API}/skills",
        json={"name": "Go", "normalized_name": "go"},
        headers=tenant.admin.headers,
    )
    assert_error(response, 400, "invalid_request", field="normalized_name")


async def test_delete_then_the_name_is_free_again(client, tenant):
    skill = await add_skill(client, tenant, "Rust")
    deleted = await client.delete(f"{API}/skills/{skill['id']}", headers=tenant.admin.headers)
    assert deleted.status_code == 204 and deleted.content == b""
    gone = await client.get(f"{API}/skills/{skill['id']}", headers=tenant.admin.headers)
    assert_error(gone, 404, "not_found")
    again = await client.post(f"{API}/skills", json={"name": "rust"}, headers=tenant.admin.headers)
    assert again.status_code == 201
    assert again.json()["id"] != skill["id"]


async def test_a_skill_a_candidate_has_is_in_use(client, tenant, container):
    skill = await add_skill(client, tenant, "Kotlin")
    await give_skill_to_a_candidate(container, tenant, skill["id"])
    response = await client.delete(f"{API}/skills/{skill['id']}", headers=tenant.admin.headers)
    assert_error(response, 409, "in_use")
    kept = await client.get(f"{API}/skills/{skill['id']}", headers=tenant.admin.headers)
    assert kept.json() == skill


@pytest.mark.parametrize("method", ["GET", "DELETE"])
async def test_a_path_id_that_is_no_uuid_is_a_client_error(client, tenant, method):
    response = await client.request(method, f"{API}/skills/123", headers=tenant.admin.headers)
    assert response.status_code in (400, 404), response.text
    assert response.json()["error"] in ("invalid_request", "not_found")


# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(WRITERS))
async def test_admins_managers_and_recruiters_add_and_delete(client, tenant, role):
    headers = tenant[role].headers
    name = f"skill {secrets.token_hex(3)}"
    created = await client.post(f"{API}/skills", json={"name": name}, headers=headers)
    assert created.status_code == 201
    deleted = await client.delete(created.headers["location"], headers=headers)
    assert deleted.status_code == 204


@pytest.mark.parametrize("role", NON_WRITERS)
async def test_other_roles_may_not_add_or_delete_and_nothing_changes(client, tenant, role):
    skill = await add_skill(client, tenant, "Scala")
    headers = tenant[role].headers
    assert_error(
        await client.post(f"{API}/skills", json={"name": "Haskell"}, headers=headers),
        403,
        "access_denied",
    )
    # Even an existing name: finding is part of a write, so it is refused too.
    assert_error(
        await client.post(f"{API}/skills", json={"name": "scala"}, headers=headers),
        403,
        "access_denied",
    )
    assert_error(
        await client.delete(f"{API}/skills/{skill['id']}", headers=headers), 403, "access_denied"
    )
    assert await names(client, tenant) == (["Scala"], 1)


@pytest.mark.parametrize("role", list(Role))
async def test_every_role_searches_and_reads(client, tenant, role):
    skill = await add_skill(client, tenant, "Erlang")
    listed = await client.get(f"{API}/skills", headers=tenant[role].headers)
    assert listed.json() == {"items": [skill], "count": 1}
    single = await client.get(f"{API}/skills/{skill['id']}", headers=tenant[role].headers)
    assert single.json() == skill


async def test_anonymous_callers_are_401_everywhere(client, tenant):
    skill = await add_skill(client, tenant, "Elixir")
    item = f"{API}/skills/{skill['id']}"
    for method, path in [
        ("GET", f"{API}/skills"),
        ("GET", item),
        ("POST", f"{API}/skills"),
        ("DELETE", item),
    ]:
        body = {"name": "x"} if method == "POST" else None
        assert_error(await client.request(method, path, json=body), 401, "invalid_token")


# --- tenancy --------------------------------------------------------------------------------


async def test_another_companys_skill_is_404_and_nothing_changes(client, tenant, other_tenant):
    skill = await add_skill(client, tenant, "Clojure")
    item = f"{API}/skills/{skill['id']}"
    foreign = other_tenant.admin.headers
    assert_error(await client.get(item, headers=foreign), 404, "not_found")
    assert_error(await client.delete(item, headers=foreign), 404, "not_found")
    listed = await client.get(f"{API}/skills", params={"q": "clojure"}, headers=foreign)
    assert listed.json() == {"items": [], "count": 0}
    assert (await client.get(item, headers=tenant.admin.headers)).json() == skill
