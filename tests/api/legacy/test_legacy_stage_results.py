"""`/interviews/{id}/stage-results` of the legacy contract, answers checked against the old
document. Interviews are made through the main API (the legacy interview routes are pending)."""

from __future__ import annotations

import uuid

import httpx

from domain.identity.role import Role
from tests.api.catalog import Setup
from tests.api.legacy.test_legacy_contract import old
from tests.support.http import assert_error
from tests.support.tenants import Tenant


def move(old_code: int, new_code: int, note: str = "") -> dict[str, object]:
    return {
        "interview_stage_code_old": old_code,
        "interview_stage_code_new": new_code,
        "note": note,
    }


async def test_stage_moves_are_made_read_listed_and_deleted_the_old_way(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    interview = await Setup(client, tenant).interview()
    results = f"/interviews/{interview['id']}/stage-results"
    start = interview["stage"]["code"]

    moved = await old(client, "POST", results, tenant.admin.headers, json=move(start, 2, "call"))
    assert moved.status_code == 200, moved.text
    result_id = moved.json()["id"]
    silent = await old(client, "POST", results, tenant.admin.headers, json=move(2, 3))
    assert silent.status_code == 200, silent.text

    one = (await old(client, "GET", f"{results}/{result_id}", tenant.admin.headers)).json()
    assert (one["interview_stage_old"]["code"], one["interview_stage_new"]["code"]) == (start, 2)
    assert one["note"] == "call"
    listed = (await old(client, "GET", results, tenant[Role.CUSTOMER].headers)).json()
    assert {r["id"] for r in listed["stage_results"]} == {result_id, silent.json()["id"]}
    assert {r["note"] for r in listed["stage_results"]} == {"call", ""}

    deleted = await old(client, "DELETE", f"{results}/{result_id}", tenant.admin.headers)
    assert (deleted.status_code, deleted.json()) == (200, {"id": result_id})
    gone = await old(client, "GET", f"{results}/{result_id}", tenant.admin.headers)
    assert_error(gone, 400, "invalid_client")


async def test_a_move_from_a_stage_the_interview_has_left_is_refused(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    interview = await Setup(client, tenant).interview()
    results = f"/interviews/{interview['id']}/stage-results"
    start = interview["stage"]["code"]
    assert (
        await old(client, "POST", results, tenant.admin.headers, json=move(start, 2))
    ).is_success
    stale = await old(client, "POST", results, tenant.admin.headers, json=move(start, 3))
    assert_error(stale, 400, "conflict")
    listed = (await old(client, "GET", results, tenant.admin.headers)).json()["stage_results"]
    assert len(listed) == 1


async def test_stage_results_keep_tenancy_and_roles(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    interview = await Setup(client, tenant).interview()
    results = f"/interviews/{interview['id']}/stage-results"
    start = interview["stage"]["code"]
    foreign = await old(client, "GET", results, other_tenant.admin.headers)
    assert_error(foreign, 400, "invalid_client")
    stranger = await old(client, "POST", results, other_tenant.admin.headers, json=move(start, 2))
    assert_error(stranger, 400, "invalid_client")
    employee = await old(
        client, "POST", results, tenant[Role.EMPLOYEE].headers, json=move(start, 2)
    )
    assert_error(employee, 403, "access_denied")
    unknown = await old(
        client, "GET", f"/interviews/{uuid.uuid4()}/stage-results", tenant.admin.headers
    )
    assert_error(unknown, 400, "invalid_client")
    not_an_id = await old(client, "GET", "/interviews/x/stage-results", tenant.admin.headers)
    assert_error(not_an_id, 400, "invalid_request", field="interview_id")
