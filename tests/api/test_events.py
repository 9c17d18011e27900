"""The event log over HTTP: the history of an entity, the company's feed, their cursors and
filters, and what never gets into an event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from domain.identity.role import Role
from tests.api.catalog import API, Setup
from tests.support.http import assert_error
from tests.support.tenants import Tenant


async def _history(client: httpx.AsyncClient, tenant: Tenant, path: str, **params) -> dict:
    response = await client.get(path, params=params, headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _candidate_with_three_events(client: httpx.AsyncClient, tenant: Tenant) -> str:
    card = await Setup(client, tenant).candidate()
    item = f"{API}/candidates/{card['id']}"
    headers = tenant[Role.RECRUITER].headers
    patched = await client.patch(item, json={"min_salary": 150000}, headers=headers)
    assert patched.status_code == 200, patched.text
    noted = await client.post(f"{item}/notes", json={"text": "called back"}, headers=headers)
    assert noted.status_code == 201, noted.text
    return card["id"]


async def test_a_candidates_history_is_newest_first_with_who_and_what(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    candidate_id = await _candidate_with_three_events(client, tenant)
    page = await _history(client, tenant, f"{API}/candidates/{candidate_id}/history")
    types = [event["type"] for event in page["items"]]
    assert types == ["candidate.note_added", "candidate.updated", "candidate.created"]
    note, updated, created = page["items"]
    recruiter = tenant[Role.RECRUITER]
    assert updated["actor"]["id"] == str(recruiter.id) and updated["actor"]["first_name"]
    assert created["actor"]["id"] == str(tenant.admin.id)
    assert updated["changes"] == [{"field": "min_salary", "old": None, "new": 150000}]
    assert updated["entity"] == {"type": "candidate", "id": candidate_id}
    assert updated["company_id"] == str(tenant.company_id)
    [added] = note["changes"]
    assert added["field"] == "notes" and added["old"] is None and added["item_id"]
    assert added["new"]["text"] == "called back"
    assert page["older"] is None and page["newer"] == note["id"]
    assert datetime.fromisoformat(updated["occurred_at"]).tzinfo is not None


async def test_cursors_page_back_and_forth(client: httpx.AsyncClient, tenant: Tenant) -> None:
    candidate_id = await _candidate_with_three_events(client, tenant)
    path = f"{API}/candidates/{candidate_id}/history"
    first = await _history(client, tenant, path, limit=2)
    assert [e["type"] for e in first["items"]] == ["candidate.note_added", "candidate.updated"]
    second = await _history(client, tenant, path, limit=2, before=first["older"])
    assert [e["type"] for e in second["items"]] == ["candidate.created"]
    assert second["older"] is None
    newer = await _history(client, tenant, path, limit=1, after=second["items"][0]["id"])
    assert [e["type"] for e in newer["items"]] == ["candidate.updated"]
    nothing_new = await _history(client, tenant, path, after=first["newer"])
    assert nothing_new["items"] == [] and nothing_new["newer"] == first["newer"]


async def test_filters_by_type_actor_and_time(client: httpx.AsyncClient, tenant: Tenant) -> None:
    candidate_id = await _candidate_with_three_events(client, tenant)
    path = f"{API}/candidates/{candidate_id}/history"
    typed = await _history(client, tenant, path, type=["candidate.updated", "candidate.created"])
    assert {e["type"] for e in typed["items"]} == {"candidate.updated", "candidate.created"}
    everything = await _history(client, tenant, path, type="candidate.*")
    assert len(everything["items"]) == 3
    by_recruiter = await _history(client, tenant, path, actor_id=str(tenant[Role.RECRUITER].id))
    assert [e["type"] for e in by_recruiter["items"]] == [
        "candidate.note_added",
        "candidate.updated",
    ]
    later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    assert (await _history(client, tenant, path, **{"from": later}))["items"] == []
    assert len((await _history(client, tenant, path, to=later))["items"]) == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"type": "candidate.hired"}, "type"),
        ({"type": "nothing.*"}, "type"),
        ({"from": "2026-12-02T00:00:00Z", "to": "2026-12-01T00:00:00Z"}, "to"),
        ({"limit": 0}, None),
        ({"before": "not-an-id"}, None),
    ],
)
async def test_bad_filters_are_refused(
    client: httpx.AsyncClient, tenant: Tenant, params: dict, field: str | None
) -> None:
    response = await client.get(f"{API}/events", params=params, headers=tenant.admin.headers)
    assert response.status_code == 400, response.text
    if field:
        assert_error(response, 400, "invalid_request", field)


async def test_a_deleted_candidate_keeps_its_history(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    card = await Setup(client, tenant).candidate()
    item = f"{API}/candidates/{card['id']}"
    assert (await client.delete(item, headers=tenant.admin.headers)).status_code == 204
    page = await _history(client, tenant, f"{item}/history")
    assert [e["type"] for e in page["items"]] == ["candidate.deleted", "candidate.created"]
    restored = await client.post(f"{item}/restore", headers=tenant.admin.headers)
    assert restored.status_code == 200, restored.text
    page = await _history(client, tenant, f"{item}/history", limit=1)
    assert page["items"][0]["type"] == "candidate.restored"


async def test_history_of_what_the_company_never_had_is_not_found(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    foreign = await Setup(client, other_tenant).candidate()
    response = await client.get(
        f"{API}/candidates/{foreign['id']}/history", headers=tenant.admin.headers
    )
    assert_error(response, 404, "not_found")
    missing = await client.get(
        f"{API}/vacancies/{foreign['id']}/history", headers=tenant.admin.headers
    )
    assert_error(missing, 404, "not_found")


async def test_a_failed_write_leaves_no_event(client: httpx.AsyncClient, tenant: Tenant) -> None:
    card = await Setup(client, tenant).candidate()
    item = f"{API}/candidates/{card['id']}"
    before = await _history(client, tenant, f"{API}/events", limit=1)
    refused = await client.patch(item, json={"first_name": ""}, headers=tenant.admin.headers)
    assert refused.status_code == 400
    stale = await client.patch(
        item, json={"last_name": "Новая"}, headers={**tenant.admin.headers, "If-Match": '"99"'}
    )
    assert stale.status_code == 412, stale.text
    after = await _history(client, tenant, f"{API}/events", limit=1)
    assert after["items"] == before["items"]


async def test_the_feed_holds_every_entity_and_never_a_password(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    setup = Setup(client, tenant)
    user = await setup.user()
    password_reset = await client.patch(
        f"{API}/users/{user['id']}",
        json={"password": "another-long-password"},
        headers=tenant.admin.headers,
    )
    assert password_reset.status_code == 200, password_reset.text
    await setup.interview()
    response = await client.get(
        f"{API}/events", params={"limit": 200}, headers=tenant.admin.headers
    )
    assert response.status_code == 200
    types = {event["type"] for event in response.json()["items"]}
    assert {"user.created", "user.password_changed", "interview.created"} <= types
    assert {"candidate.created", "vacancy.created", "position.created"} <= types
    assert "password" not in response.text.replace("password_changed", "")
    assert "long-enough-password" not in response.text and "$2b$" not in response.text


async def test_the_feed_is_the_companys_own(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    mine = await Setup(client, tenant).skill()
    theirs = await client.get(
        f"{API}/events", params={"limit": 200}, headers=other_tenant.admin.headers
    )
    assert theirs.status_code == 200
    assert mine["id"] not in theirs.text
