"""`/vacancies` of the legacy contract, answers checked against the old document."""

from __future__ import annotations

import secrets

import httpx

from domain.identity.role import Role
from tests.api.legacy.test_legacy_contract import old
from tests.support.http import assert_error
from tests.support.tenants import Tenant


async def unit(client: httpx.AsyncClient, tenant: Tenant, plural: str) -> str:
    response = await old(
        client, "POST", f"/{plural}", tenant.admin.headers, json={"name": secrets.token_hex(4)}
    )
    assert response.status_code == 200, response.text
    return response.json()["id"]


async def vacancy_body(client: httpx.AsyncClient, tenant: Tenant, **extra: object) -> dict:
    return {
        "position_id": await unit(client, tenant, "positions"),
        "department_id": await unit(client, tenant, "departments"),
        "priority_code": 2,
        "employee_count": 3,
        "salary_from": 100_000,
        "salary_to": 200_000,
        "adress_code": 2,
        **extra,
    }


async def test_a_vacancy_is_created_read_listed_updated_and_deleted_the_old_way(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    skill_name = f"skill {secrets.token_hex(3)}"
    body = await vacancy_body(client, tenant, skills=[{"name": skill_name}], project="Гефест")
    created = await old(client, "POST", "/vacancies", tenant.admin.headers, json=body)
    assert created.status_code == 200, created.text
    vacancy_id = created.json()["id"]

    one = (await old(client, "GET", f"/vacancies/{vacancy_id}", tenant.admin.headers)).json()
    assert one["adress"]["code"] == 2 and "address" not in one
    assert one["status"]["code"] == 1  # a new vacancy is a request, whoever opens it
    assert [link["skill"]["name"] for link in one["skills"]] == [skill_name]
    skill_id = one["skills"][0]["skill"]["id"]

    listed = await old(
        client, "GET", f"/vacancies?position_id={body['position_id']}", tenant.admin.headers
    )
    assert listed.json()["count"] == 1
    assert [v["id"] for v in listed.json()["vacancies"]] == [vacancy_id]
    by_address = await old(client, "GET", "/vacancies?adress_code=2", tenant.admin.headers)
    assert vacancy_id in {v["id"] for v in by_address.json()["vacancies"]}

    update = {**body, "status_code": 2, "employee_count": 5, "skills": [{"skill_id": skill_id}]}
    del update["project"]  # the old update is the whole record: what it leaves out is cleared
    updated = await old(
        client, "PATCH", f"/vacancies/{vacancy_id}", tenant.admin.headers, json=update
    )
    assert (updated.status_code, updated.json()) == (200, {"id": vacancy_id}), updated.text
    after = (await old(client, "GET", f"/vacancies/{vacancy_id}", tenant.admin.headers)).json()
    assert (after["status"]["code"], after["employee_count"], after["project"]) == (2, 5, None)

    deleted = await old(client, "DELETE", f"/vacancies/{vacancy_id}", tenant.admin.headers)
    assert (deleted.status_code, deleted.json()) == (200, {"id": vacancy_id})
    gone = await old(client, "GET", f"/vacancies/{vacancy_id}", tenant.admin.headers)
    assert_error(gone, 400, "invalid_client")
    restored = await client.post(
        f"/api/v1/vacancies/{vacancy_id}/restore", headers=tenant.admin.headers
    )
    assert restored.status_code == 200, restored.text  # Gefest's delete can be undone


async def test_another_company_s_vacancy_is_the_old_unknown_id(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    body = await vacancy_body(client, tenant)
    vacancy_id = (await old(client, "POST", "/vacancies", tenant.admin.headers, json=body)).json()[
        "id"
    ]
    for method in ("GET", "DELETE"):
        response = await old(client, method, f"/vacancies/{vacancy_id}", other_tenant.admin.headers)
        assert_error(response, 400, "invalid_client")
    listed = await old(client, "GET", "/vacancies", other_tenant.admin.headers)
    assert vacancy_id not in {v["id"] for v in listed.json()["vacancies"]}
    # Ids of another company in a body are unknown ids too.
    foreign = await old(client, "POST", "/vacancies", other_tenant.admin.headers, json=body)
    assert foreign.status_code == 400, foreign.text


async def test_vacancy_roles_and_bad_input(client: httpx.AsyncClient, tenant: Tenant) -> None:
    body = await vacancy_body(client, tenant)
    employee = await old(client, "POST", "/vacancies", tenant[Role.EMPLOYEE].headers, json=body)
    assert_error(employee, 403, "access_denied")
    assert_error(
        await old(client, "GET", "/vacancies", tenant[Role.EMPLOYEE].headers), 403, "access_denied"
    )
    wrong_type = await old(
        client, "POST", "/vacancies", tenant.admin.headers, json={**body, "employee_count": "3"}
    )
    assert_error(wrong_type, 400, "invalid_request")
    bad_skill = await old(
        client, "POST", "/vacancies", tenant.admin.headers, json={**body, "skills": [{"x": 1}]}
    )
    assert_error(bad_skill, 400, "invalid_request", field="skills[0]")
    bad_range = await old(
        client, "GET", "/vacancies?salary_from=5&salary_to=1", tenant.admin.headers
    )
    assert bad_range.status_code == 400, bad_range.text


async def test_problems_name_the_old_fields(client: httpx.AsyncClient, tenant: Tenant) -> None:
    body = await vacancy_body(client, tenant, adress_code=1)  # archived: not a current code
    response = await old(client, "POST", "/vacancies", tenant.admin.headers, json=body)
    assert_error(response, 400, "invalid_request", field="adress_code")
