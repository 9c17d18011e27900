"""`/interviews` of the legacy contract: each interview embeds its candidate's whole card, its
whole vacancy and its creator, answers checked against the old document."""

from __future__ import annotations

import uuid

import httpx

from domain.identity.role import Role
from tests.api.catalog import Setup
from tests.api.legacy.test_legacy_contract import old
from tests.support.http import assert_error
from tests.support.tenants import Tenant


async def _pair(client: httpx.AsyncClient, tenant: Tenant) -> tuple[str, str]:
    setup = Setup(client, tenant)
    return (await setup.candidate())["id"], (await setup.vacancy())["id"]


async def test_an_interview_is_started_read_listed_and_deleted_the_old_way(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    candidate_id, vacancy_id = await _pair(client, tenant)
    body = {"candidate_id": candidate_id, "vacancy_id": vacancy_id}
    started = await old(client, "POST", "/interviews", tenant.admin.headers, json=body)
    assert started.status_code == 200, started.text
    assert set(started.json()) == {"id"}
    interview_id = started.json()["id"]

    one = await old(client, "GET", f"/interviews/{interview_id}", tenant[Role.CUSTOMER].headers)
    assert one.status_code == 200, one.text
    interview = one.json()
    assert interview["candidate"]["id"] == candidate_id
    assert "total_work_expirience" in interview["candidate"]  # the old card, not Gefest's
    assert interview["vacancy"]["id"] == vacancy_id and "priority" in interview["vacancy"]
    assert interview["stage"]["code"] == 1
    assert interview["creator"]["id"] == str(tenant.admin.id)

    listed = await old(
        client, "GET", f"/interviews?candidate_id={candidate_id}", tenant.admin.headers
    )
    assert [i["id"] for i in listed.json()["interviews"]] == [interview_id]
    by_vacancy = await old(
        client, "GET", f"/interviews?vacancy_id={vacancy_id}&stage_code=1", tenant.admin.headers
    )
    assert [i["id"] for i in by_vacancy.json()["interviews"]] == [interview_id]
    elsewhere = await old(
        client, "GET", f"/interviews?vacancy_id={vacancy_id}&stage_code=2", tenant.admin.headers
    )
    assert elsewhere.json()["interviews"] == []

    deleted = await old(client, "DELETE", f"/interviews/{interview_id}", tenant.admin.headers)
    assert (deleted.status_code, deleted.json()) == (200, {"id": interview_id})
    gone = await old(client, "GET", f"/interviews/{interview_id}", tenant.admin.headers)
    assert_error(gone, 400, "invalid_client")
    restored = await client.post(
        f"/api/v1/interviews/{interview_id}/restore", headers=tenant.admin.headers
    )
    assert restored.status_code == 200, restored.text  # the old delete is restorable


async def test_the_creator_s_account_is_shown_only_to_who_may_read_accounts(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    interview = await Setup(client, tenant).interview()
    path = f"/interviews/{interview['id']}"
    as_admin = (await old(client, "GET", path, tenant.admin.headers)).json()["creator"]
    assert as_admin["username"] == tenant.admin.username and "@" in as_admin["email"]
    assert as_admin["role_code"] == Role.ADMIN.code
    as_recruiter = (await old(client, "GET", path, tenant[Role.RECRUITER].headers)).json()
    creator = as_recruiter["creator"]
    assert (creator["username"], creator["email"]) == ("", "")
    assert (creator["first_name"], creator["last_name"]) == (
        as_admin["first_name"],
        as_admin["last_name"],
    )


async def test_the_list_embeds_every_interview_s_parties_in_a_fixed_number_of_reads(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    setup = Setup(client, tenant)
    vacancy = await setup.vacancy()
    started = []
    for _ in range(3):
        candidate = await setup.candidate()
        body = {"candidate_id": candidate["id"], "vacancy_id": vacancy["id"]}
        response = await old(client, "POST", "/interviews", tenant.admin.headers, json=body)
        started.append((response.json()["id"], candidate["id"]))
    listed = await old(
        client, "GET", f"/interviews?vacancy_id={vacancy['id']}", tenant.admin.headers
    )
    pairs = [(i["id"], i["candidate"]["id"]) for i in listed.json()["interviews"]]
    assert pairs == started[::-1]  # newest first, each with its own card
    page = await old(
        client,
        "GET",
        f"/interviews?vacancy_id={vacancy['id']}&limit=1&offset=1",
        tenant.admin.headers,
    )
    assert [i["id"] for i in page.json()["interviews"]] == [started[1][0]]


async def test_a_second_interview_of_a_pair_and_a_foreign_party_are_the_old_400(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    candidate_id, vacancy_id = await _pair(client, tenant)
    body = {"candidate_id": candidate_id, "vacancy_id": vacancy_id}
    assert (await old(client, "POST", "/interviews", tenant.admin.headers, json=body)).is_success
    again = await old(client, "POST", "/interviews", tenant.admin.headers, json=body)
    assert_error(again, 400, "already_exists")
    foreign = await old(client, "POST", "/interviews", other_tenant.admin.headers, json=body)
    assert_error(foreign, 400, "invalid_request")
    missing = await old(client, "POST", "/interviews", tenant.admin.headers, json={})
    assert_error(missing, 400, "invalid_request")


async def test_interviews_keep_tenancy_and_roles(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    interview = await Setup(client, tenant).interview()
    path = f"/interviews/{interview['id']}"
    for method in ("GET", "DELETE"):
        foreign = await old(client, method, path, other_tenant.admin.headers)
        assert_error(foreign, 400, "invalid_client")
    listed = await old(client, "GET", "/interviews", other_tenant.admin.headers)
    assert interview["id"] not in {i["id"] for i in listed.json()["interviews"]}
    assert_error(
        await old(client, "GET", path, tenant[Role.EMPLOYEE].headers), 403, "access_denied"
    )
    customer = await old(client, "DELETE", path, tenant[Role.CUSTOMER].headers)
    assert_error(customer, 403, "access_denied")
    unknown = await old(client, "GET", f"/interviews/{uuid.uuid4()}", tenant.admin.headers)
    assert_error(unknown, 400, "invalid_client")
    not_an_id = await old(client, "GET", "/interviews/not-a-uuid", tenant.admin.headers)
    assert_error(not_an_id, 400, "invalid_request")
    still = await old(client, "GET", path, tenant.admin.headers)
    assert still.status_code == 200


async def test_a_typed_filter_sent_as_null_or_out_of_range_is_the_old_400(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    for query in (
        "/interviews?vacancy_id=null",
        "/interviews?stage_code=null",
        "/interviews?vacancy_priority_code=102710498941899",
        "/vacancies?status_code=92460982104",
        "/vacancies?recruiter_id=null",
        "/candidates?salary_from=-1",
        "/candidates?position_id=null",
    ):
        response = await old(client, "GET", query, tenant.admin.headers)
        assert_error(response, 400, "invalid_request")
    text = await old(client, "GET", "/candidates?last_name=null", tenant.admin.headers)
    assert text.status_code == 200  # a name may be the word "null"
