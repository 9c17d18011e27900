"""Vacancies over HTTP: the whole shape, requests by customers, partial updates with If-Match,
soft delete and restore, filters and paging, role refusals and tenant isolation."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
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
STAFF = [Role.ADMIN, Role.MANAGER, Role.RECRUITER]


def unique(prefix: str) -> str:
    return f"{prefix} {secrets.token_hex(4)}"


async def post(client: httpx.AsyncClient, tenant: Tenant, path: str, body: dict) -> dict:
    response = await client.post(API + path, json=body, headers=tenant.admin.headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


class Org:
    """A position, a department, a grade and a skill of one company, made through the API."""

    def __init__(self, position: dict, department: dict, grade: dict, skill: dict) -> None:
        self.position, self.department, self.grade, self.skill = position, department, grade, skill

    @classmethod
    async def of(cls, client: httpx.AsyncClient, tenant: Tenant) -> Org:
        return cls(
            await post(client, tenant, "/positions", {"name": unique("Разработчик")}),
            await post(client, tenant, "/departments", {"name": unique("Платформа")}),
            await post(client, tenant, "/grades", {"name": unique("Senior")}),
            await post(client, tenant, "/skills", {"name": unique("Python")}),
        )

    def body(self, **fields: Any) -> dict[str, Any]:
        return {
            "position_id": self.position["id"],
            "department_id": self.department["id"],
            "priority_code": 2,
            "employee_count": 1,
            **fields,
        }


@pytest.fixture
async def org(client, tenant) -> Org:
    return await Org.of(client, tenant)


async def create(
    client: httpx.AsyncClient, member_headers: dict[str, str], body: dict
) -> httpx.Response:
    return await client.post(f"{API}/vacancies", json=body, headers=member_headers)


async def created(client: httpx.AsyncClient, tenant: Tenant, org: Org, **fields: Any) -> dict:
    response = await create(client, tenant.admin.headers, org.body(**fields))
    assert response.status_code == 201, response.text
    return response.json()


async def deactivate(container: AsyncContainer, tenant: Tenant, user_id: UUID) -> None:
    async with container() as request:
        users = await request.get(UserRepository)
        user = await users.get(tenant.company_id, user_id, for_update=True)
        assert user is not None
        version = user.version
        user.deactivate(datetime.now(UTC))
        await users.save(user, expected_version=version)
        await (await request.get(UnitOfWork)).commit()


# --- create and read ------------------------------------------------------------------------


async def test_a_customer_files_a_request_and_gets_the_whole_vacancy(client, tenant, org):
    recruiter = tenant[Role.RECRUITER]
    response = await create(
        client,
        tenant[Role.CUSTOMER].headers,
        org.body(
            grade_id=org.grade["id"],
            salary_from=150000,
            salary_to=250000,
            employee_count=3,
            priority_code=4,
            deadline="2027-01-31",
            address_code=2,
            project="  Платёжный шлюз ",
            recruiter_id=str(recruiter.id),
            skills=[{"id": org.skill["id"]}, {"name": "  Apache   Kafka "}],
        ),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {
        "id",
        "position",
        "department",
        "grade",
        "salary_from",
        "salary_to",
        "employee_count",
        "hired_count",
        "priority",
        "status",
        "deadline",
        "address",
        "project",
        "recruiter",
        "skills",
        "created_by",
        "created_at",
        "updated_at",
        "version",
    }
    assert body["position"] == {"id": org.position["id"], "name": org.position["name"]}
    assert body["department"] == {"id": org.department["id"], "name": org.department["name"]}
    assert body["grade"] == {"id": org.grade["id"], "name": org.grade["name"]}
    assert (body["salary_from"], body["salary_to"]) == (150000, 250000)
    assert (body["employee_count"], body["hired_count"]) == (3, 0)
    assert body["priority"] == {"code": 4, "value": "Критический"}
    assert body["status"] == {"code": 1, "value": "Заявка"}
    assert body["deadline"] == "2027-01-31"
    assert body["address"] == {"code": 2, "value": "Алтайский край"}
    assert body["project"] == "Платёжный шлюз"
    assert body["recruiter"] == {
        "id": str(recruiter.id),
        "first_name": "Recruiter",
        "last_name": "Tester",
    }
    kafka = next(s for s in body["skills"] if s["name"] == "Apache Kafka")
    assert sorted(body["skills"], key=lambda s: s["name"]) == body["skills"]
    assert {"id": org.skill["id"], "name": org.skill["name"]} in body["skills"]
    assert body["created_by"] == {
        "id": str(tenant[Role.CUSTOMER].id),
        "first_name": "Customer",
        "last_name": "Tester",
    }
    assert body["created_at"] == body["updated_at"] and body["created_at"].endswith("Z")
    assert body["version"] == 1
    assert response.headers["location"] == f"{API}/vacancies/{body['id']}"
    assert response.headers["etag"] == '"1"'

    # The new skill name joined the company's dictionary.
    skill = await client.get(f"{API}/skills/{kafka['id']}", headers=tenant.admin.headers)
    assert skill.status_code == 200 and skill.json()["name"] == "Apache Kafka"

    fetched = await client.get(response.headers["location"], headers=recruiter.headers)
    assert fetched.status_code == 200
    assert fetched.json() == body
    assert fetched.headers["etag"] == '"1"'


async def test_the_nullable_parts_are_null(client, tenant, org):
    body = await created(client, tenant, org)
    assert body["grade"] is None and body["address"] is None and body["recruiter"] is None
    assert body["salary_from"] is None and body["salary_to"] is None
    assert body["deadline"] is None and body["project"] is None
    assert body["skills"] == []


async def test_a_create_body_has_no_status_nor_server_owned_fields(client, tenant, org):
    for extra in ({"status_code": 2}, {"version": 5}, {"company_id": str(uuid4())}):
        response = await create(client, tenant.admin.headers, org.body(**extra))
        assert_error(response, 400, "invalid_request", field=next(iter(extra)))


async def test_create_rules_answer_400_on_the_field(client, tenant, other_tenant, org):
    foreign = await Org.of(client, other_tenant)
    cases = [
        ({"salary_from": 300, "salary_to": 200}, "salary_to"),
        ({"salary_from": 0}, "salary_from"),
        ({"employee_count": 0}, "employee_count"),
        ({"employee_count": 1001}, "employee_count"),
        ({"project": "x" * 501}, "project"),
        ({"deadline": "0001-01-01"}, "deadline"),
        ({"deadline": "9999-12-31"}, "deadline"),
        ({"priority_code": 99}, "priority_code"),
        ({"address_code": 1}, "address_code"),  # archived
        ({"position_id": foreign.position["id"]}, "position_id"),
        ({"department_id": foreign.department["id"]}, "department_id"),
        ({"grade_id": foreign.grade["id"]}, "grade_id"),
        ({"recruiter_id": str(tenant[Role.CUSTOMER].id)}, "recruiter_id"),
        ({"recruiter_id": str(tenant[Role.EMPLOYEE].id)}, "recruiter_id"),
        ({"recruiter_id": str(other_tenant[Role.RECRUITER].id)}, "recruiter_id"),
        ({"skills": [{"id": foreign.skill["id"]}]}, "skills[0].id"),
        ({"skills": [{"id": org.skill["id"], "name": "Go"}]}, "skills[0]"),
        ({"skills": [{}]}, "skills[0]"),
        ({"skills": [{"colour": "red"}]}, "skills[0].colour"),
    ]
    for fields, field in cases:
        response = await create(client, tenant.admin.headers, org.body(**fields))
        assert_error(response, 400, "invalid_request", field=field)
    listed = await client.get(f"{API}/vacancies", headers=tenant.admin.headers)
    assert listed.json()["count"] == 0


async def test_the_recruiter_must_be_active(client, tenant, org, container):
    manager = tenant[Role.MANAGER]
    assert (await created(client, tenant, org, recruiter_id=str(manager.id)))["recruiter"][
        "id"
    ] == str(manager.id)
    await deactivate(container, tenant, manager.id)
    response = await create(client, tenant.admin.headers, org.body(recruiter_id=str(manager.id)))
    assert_error(response, 400, "invalid_request", field="recruiter_id")


# --- update ---------------------------------------------------------------------------------


async def test_patch_is_partial_null_clears_and_skills_are_a_whole_list(client, tenant, org):
    vacancy = await created(
        client,
        tenant,
        org,
        grade_id=org.grade["id"],
        project="Apollo",
        salary_from=100,
        skills=[{"id": org.skill["id"]}],
    )
    path = f"{API}/vacancies/{vacancy['id']}"
    response = await client.patch(
        path,
        json={
            "status_code": 2,
            "grade_id": None,
            "project": None,
            "recruiter_id": str(tenant[Role.RECRUITER].id),
            "skills": [{"name": "SQL"}],
        },
        headers={**tenant[Role.RECRUITER].headers, "If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert response.headers["etag"] == '"2"'
    assert body["status"] == {"code": 2, "value": "В работе"}
    assert body["grade"] is None and body["project"] is None
    assert body["salary_from"] == 100
    assert body["recruiter"]["id"] == str(tenant[Role.RECRUITER].id)
    assert [s["name"] for s in body["skills"]] == ["SQL"]
    assert body["version"] == 2
    assert body["created_at"] == vacancy["created_at"]
    assert (await client.get(path, headers=tenant.admin.headers)).json() == body

    emptied = await client.patch(path, json={"skills": []}, headers=tenant.admin.headers)
    assert emptied.status_code == 200 and emptied.json()["skills"] == []
    for bad, field in (
        ({"salary_to": 50}, "salary_to"),
        ({"status_code": 9}, "status_code"),
        ({"position_id": None}, "position_id"),
        ({"status": 2}, "status"),
    ):
        response = await client.patch(path, json=bad, headers=tenant.admin.headers)
        assert_error(response, 400, "invalid_request", field=field)


async def test_a_stale_if_match_is_412_and_changes_nothing(client, tenant, org):
    vacancy = await created(client, tenant, org, project="Apollo")
    path = f"{API}/vacancies/{vacancy['id']}"
    first = await client.patch(
        path, json={"project": "Gemini"}, headers={**tenant.admin.headers, "If-Match": '"1"'}
    )
    assert first.status_code == 200
    for stale in ('"1"', 'W/"1"', '"garbage"'):
        headers = {**tenant.admin.headers, "If-Match": stale}
        response = await client.patch(path, json={"project": "Mercury"}, headers=headers)
        assert_error(response, 412, "precondition_failed")
        assert_error(await client.delete(path, headers=headers), 412, "precondition_failed")
    current = await client.get(path, headers=tenant.admin.headers)
    assert current.json()["project"] == "Gemini"
    assert current.json()["version"] == 2
    assert current.headers["etag"] == '"2"'
    wildcard = await client.patch(
        path, json={"project": "Apollo"}, headers={**tenant.admin.headers, "If-Match": "*"}
    )
    assert wildcard.status_code == 200 and wildcard.json()["version"] == 3


# --- delete and restore ---------------------------------------------------------------------


async def test_soft_delete_and_restore(client, tenant, org):
    vacancy = await created(client, tenant, org, project="Apollo")
    path = f"{API}/vacancies/{vacancy['id']}"
    headers = tenant[Role.RECRUITER].headers
    deleted = await client.delete(path, headers={**headers, "If-Match": '"1"'})
    assert deleted.status_code == 204 and deleted.content == b""
    assert_error(await client.get(path, headers=headers), 404, "not_found")
    assert_error(await client.patch(path, json={"project": "x"}, headers=headers), 404, "not_found")
    assert_error(await client.delete(path, headers=headers), 404, "not_found")
    listed = (await client.get(f"{API}/vacancies", headers=headers)).json()
    assert vacancy["id"] not in [item["id"] for item in listed["items"]]

    restored = await client.post(f"{path}/restore", headers=headers)
    assert restored.status_code == 200, restored.text
    body = restored.json()
    assert body["project"] == "Apollo" and body["version"] == 3
    assert restored.headers["etag"] == '"3"'
    assert (await client.get(path, headers=headers)).json() == body
    again = await client.post(f"{path}/restore", headers=headers)
    assert again.status_code == 200 and again.json()["version"] == 3
    assert_error(
        await client.post(f"{API}/vacancies/{uuid4()}/restore", headers=headers), 404, "not_found"
    )


# --- roles and tenancy ----------------------------------------------------------------------


async def test_roles_on_every_endpoint(client, tenant, org):
    vacancy = await created(client, tenant, org)
    path = f"{API}/vacancies/{vacancy['id']}"
    for role in Role:
        headers = tenant[role].headers
        reads = [await client.get(f"{API}/vacancies", headers=headers)]
        reads.append(await client.get(path, headers=headers))
        made = await create(client, headers, org.body())
        patched = await client.patch(path, json={"employee_count": 2}, headers=headers)
        restore = await client.post(f"{path}/restore", headers=headers)
        if role is Role.EMPLOYEE:
            for response in (*reads, made, patched, restore):
                assert_error(response, 403, "access_denied")
        else:
            assert all(response.status_code == 200 for response in reads)
            assert made.status_code == 201 and made.json()["status"]["code"] == 1
        if role is Role.CUSTOMER:
            assert_error(patched, 403, "access_denied")
            assert_error(restore, 403, "access_denied")
            assert_error(await client.delete(path, headers=headers), 403, "access_denied")
        elif role in STAFF:
            assert patched.status_code == 200 and restore.status_code == 200
    assert_error(
        await client.delete(path, headers=tenant[Role.EMPLOYEE].headers), 403, "access_denied"
    )
    survivor = await client.get(path, headers=tenant.admin.headers)
    assert survivor.status_code == 200
    assert survivor.json()["employee_count"] == 2
    assert_error(await client.get(f"{API}/vacancies"), 401, "invalid_token")


async def test_another_companys_vacancy_is_404_and_untouched(client, tenant, other_tenant, org):
    vacancy = await created(client, tenant, org, project="Secret")
    path = f"{API}/vacancies/{vacancy['id']}"
    stranger = other_tenant.admin.headers
    assert_error(await client.get(path, headers=stranger), 404, "not_found")
    assert_error(
        await client.patch(path, json={"project": "x"}, headers=stranger), 404, "not_found"
    )
    assert_error(await client.delete(path, headers=stranger), 404, "not_found")
    assert_error(await client.post(f"{path}/restore", headers=stranger), 404, "not_found")
    foreign_list = (await client.get(f"{API}/vacancies", headers=stranger)).json()
    assert vacancy["id"] not in [item["id"] for item in foreign_list["items"]]
    assert (await client.get(path, headers=tenant.admin.headers)).json() == vacancy


# --- the list -------------------------------------------------------------------------------


async def test_list_filters_sorts_and_counts(client, tenant, org):
    go = await post(client, tenant, "/skills", {"name": unique("Go")})
    a = await created(
        client,
        tenant,
        org,
        priority_code=4,
        salary_from=100,
        salary_to=200,
        skills=[{"id": org.skill["id"]}, {"id": go["id"]}],
        project="Ёлка",
    )
    b = await created(
        client,
        tenant,
        org,
        priority_code=1,
        salary_from=300,
        skills=[{"id": org.skill["id"]}],
        deadline="2027-03-01",
    )
    c = await created(client, tenant, org, priority_code=2, deadline="2027-02-01")
    headers = tenant[Role.CUSTOMER].headers

    async def ids(query: str) -> list[str]:
        response = await client.get(f"{API}/vacancies?{query}", headers=headers)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await ids("") == [c["id"], b["id"], a["id"]]
    assert await ids("sort=priority") == [b["id"], c["id"], a["id"]]
    assert await ids("sort=-priority") == [a["id"], c["id"], b["id"]]
    assert await ids("sort=deadline") == [c["id"], b["id"], a["id"]]
    assert await ids("sort=created_at") == [a["id"], b["id"], c["id"]]
    assert await ids(f"skill_id={org.skill['id']}&skill_id={go['id']}") == [a["id"]]
    assert await ids(f"skill_id={org.skill['id']}") == [b["id"], a["id"]]
    assert await ids("q=елка") == [a["id"]]
    assert await ids("salary_from=250") == [c["id"], b["id"]]
    assert await ids("salary_from=150&salary_to=250") == [c["id"], a["id"]]
    assert await ids("priority_code=2") == [c["id"]]
    assert await ids("status_code=1&deadline_from=2027-02-01&deadline_to=2027-02-28") == [c["id"]]
    assert await ids(f"department_id={org.department['id']}&position_id={org.position['id']}") == [
        c["id"],
        b["id"],
        a["id"],
    ]
    today = datetime.now(UTC).date().isoformat()
    assert len(await ids(f"created_from={today}&created_to={today}")) == 3
    assert await ids(f"recruiter_id={uuid4()}") == []

    page = await client.get(f"{API}/vacancies?limit=1&offset=1", headers=headers)
    assert page.json()["count"] == 3 and [i["id"] for i in page.json()["items"]] == [b["id"]]
    past = await client.get(f"{API}/vacancies?limit=10&offset=10", headers=headers)
    assert past.json() == {"items": [], "count": 3}


async def test_q_follows_a_renamed_department_and_position(client, tenant, org):
    here = await created(client, tenant, org, project="Apollo")
    hidden = await created(client, tenant, org, project="Gemini")
    elsewhere_department = await post(client, tenant, "/departments", {"name": unique("Склад")})
    elsewhere = await created(client, tenant, org, department_id=elsewhere_department["id"])
    path = f"{API}/vacancies/{hidden['id']}"
    assert (await client.delete(path, headers=tenant.admin.headers)).status_code == 204
    headers = tenant[Role.RECRUITER].headers

    async def ids(q: str) -> list[str]:
        response = await client.get(f"{API}/vacancies", params={"q": q}, headers=headers)
        assert response.status_code == 200, response.text
        return sorted(item["id"] for item in response.json()["items"])

    old_department = org.department["name"]
    old_position = org.position["name"]
    assert await ids(old_department) == [here["id"]]
    new_department, new_position = unique("Логистика"), unique("Аналитик")
    for resource, unit, name in (
        ("departments", org.department, new_department),
        ("positions", org.position, new_position),
    ):
        renamed = await client.patch(
            f"{API}/{resource}/{unit['id']}", json={"name": name}, headers=tenant.admin.headers
        )
        assert renamed.status_code == 200, renamed.text

    assert await ids(old_department) == []
    assert await ids(old_position) == []
    assert await ids(new_department) == [here["id"]]
    assert await ids(new_department.upper().replace("И", "и")) == [here["id"]]
    assert await ids(new_position) == sorted([here["id"], elsewhere["id"]])
    assert await ids(f"{new_position.split()[1]} apollo") == [here["id"]]
    # The vacancy itself did not change: same version, the new name in its card.
    card = (await client.get(f"{API}/vacancies/{here['id']}", headers=headers)).json()
    assert card["version"] == 1
    assert card["department"]["name"] == new_department
    # A soft-deleted vacancy was refreshed too: restored, it is found by the new name only.
    assert (await client.post(f"{path}/restore", headers=headers)).status_code == 200
    assert await ids(new_department) == sorted([here["id"], hidden["id"]])
    assert await ids(old_department) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-1", "offset"),
        ("sort=salary", "sort"),
        ("salary_from=10&salary_to=5", "salary_to"),
        ("created_from=2026-02-01&created_to=2026-01-01", "created_to"),
        ("deadline_from=not-a-date", "deadline_from"),
        ("priority_code=0", "priority_code"),
        ("skill_id=not-a-uuid", "skill_id"),
        ("q=%00", "q"),
    ],
)
async def test_bad_list_parameters_are_400(client, tenant, query, field):
    response = await client.get(f"{API}/vacancies?{query}", headers=tenant.admin.headers)
    assert_error(response, 400, "invalid_request", field=field)


async def test_paging_edges_that_are_allowed(client, tenant, org):
    await created(client, tenant, org)
    for query in ("limit=1", "limit=200", "offset=0"):
        response = await client.get(f"{API}/vacancies?{query}", headers=tenant.admin.headers)
        assert response.status_code == 200 and response.json()["count"] == 1
