"""Interviews and stage moves over HTTP, on the real app and PostgreSQL. Candidates and
vacancies are written straight into the database (tests/support/hiring.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
import pytest_asyncio
from dishka import AsyncContainer
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.tables import candidates, vacancies
from domain.identity.role import Role
from tests.support.hiring import HiringRows
from tests.support.http import assert_error
from tests.support.tenants import Tenant

API = "/api/v1"
RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
WRITERS = (Role.ADMIN, Role.MANAGER, Role.RECRUITER)
READERS = (*WRITERS, Role.CUSTOMER)


class Pipeline:
    """One company's hiring pipeline, spoken to over HTTP (as its recruiter unless told)."""

    def __init__(self, client: httpx.AsyncClient, tenant: Tenant, rows: HiringRows) -> None:
        self.client = client
        self.tenant = tenant
        self.rows = rows

    def headers(self, role: Role = Role.RECRUITER, **extra: str) -> dict[str, str]:
        return {**self.tenant[role].headers, **extra}

    async def start(
        self, candidate_id: UUID | None = None, vacancy_id: UUID | None = None
    ) -> dict[str, Any]:
        body = {
            "candidate_id": str(candidate_id or await self.rows.candidate()),
            "vacancy_id": str(vacancy_id or await self.rows.vacancy()),
        }
        response = await self.client.post(f"{API}/interviews", json=body, headers=self.headers())
        assert response.status_code == 201, response.text
        return response.json()

    async def move(
        self, interview_id: str, stage: int, note: str | None = None, **headers: str
    ) -> httpx.Response:
        return await self.client.post(
            f"{API}/interviews/{interview_id}/stage-results",
            json={"new_stage_code": stage, "note": note},
            headers=self.headers(**headers),
        )

    async def moved(self, interview_id: str, stage: int, note: str | None = None) -> dict:
        response = await self.move(interview_id, stage, note)
        assert response.status_code == 201, response.text
        return response.json()

    async def get(self, interview_id: str, role: Role = Role.RECRUITER) -> httpx.Response:
        return await self.client.get(f"{API}/interviews/{interview_id}", headers=self.headers(role))

    async def listed(self, **params: Any) -> list[str]:
        response = await self.client.get(
            f"{API}/interviews", params={"limit": 200, **params}, headers=self.headers()
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["count"] == len(body["items"])
        return [item["id"] for item in body["items"]]

    async def history(self, interview_id: str) -> list[dict[str, Any]]:
        response = await self.client.get(
            f"{API}/interviews/{interview_id}/stage-results", headers=self.headers()
        )
        assert response.status_code == 200, response.text
        return response.json()["items"]


@pytest_asyncio.fixture(loop_scope="session")
async def engine(container: AsyncContainer) -> AsyncEngine:
    return await container.get(AsyncEngine)


@pytest_asyncio.fixture(loop_scope="session")
async def pipeline(client: httpx.AsyncClient, tenant: Tenant, engine: AsyncEngine) -> Pipeline:
    return Pipeline(client, tenant, HiringRows(engine, tenant.company_id, tenant.admin.id))


@pytest_asyncio.fixture(loop_scope="session")
async def foreign(client: httpx.AsyncClient, other_tenant: Tenant, engine: AsyncEngine) -> Pipeline:
    return Pipeline(
        client, other_tenant, HiringRows(engine, other_tenant.company_id, other_tenant.admin.id)
    )


@contextmanager
def counting_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


# --- start, get ---------------------------------------------------------------------------------


async def test_start_answers_201_with_the_full_interview_location_and_etag(pipeline: Pipeline):
    rows = pipeline.rows
    position = await rows.position("Backend developer")
    department = await rows.department("Engineering")
    candidate = await rows.candidate("Анна", "Петрова", "Сергеевна")
    vacancy = await rows.vacancy(position_id=position, department_id=department)
    recruiter = pipeline.tenant[Role.RECRUITER]

    response = await pipeline.client.post(
        f"{API}/interviews",
        json={"candidate_id": str(candidate), "vacancy_id": str(vacancy)},
        headers=pipeline.headers(),
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"{API}/interviews/{body['id']}"
    assert response.headers["etag"] == '"1"'
    assert RFC3339_UTC.match(body["created_at"]) and body["updated_at"] == body["created_at"]
    assert body == {
        "id": body["id"],
        "candidate": {
            "id": str(candidate),
            "first_name": "Анна",
            "last_name": "Петрова",
            "middle_name": "Сергеевна",
        },
        "vacancy": {
            "id": str(vacancy),
            "position": {"id": str(position), "name": "Backend developer"},
            "department": {"id": str(department), "name": "Engineering"},
        },
        "stage": {"code": 1, "value": "Новый", "parent_code": None},
        "created_by": {"id": str(recruiter.id), "first_name": "Recruiter", "last_name": "Tester"},
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
        "version": 1,
    }

    for role in READERS:
        read = await pipeline.get(body["id"], role)
        assert read.status_code == 200, read.text
        assert read.json() == body
        assert read.headers["etag"] == '"1"'


async def test_a_second_live_interview_of_the_pair_is_409_until_the_first_is_deleted(
    pipeline: Pipeline,
):
    candidate, vacancy = await pipeline.rows.candidate(), await pipeline.rows.vacancy()
    first = await pipeline.start(candidate, vacancy)
    body = {"candidate_id": str(candidate), "vacancy_id": str(vacancy)}

    again = await pipeline.client.post(f"{API}/interviews", json=body, headers=pipeline.headers())
    assert_error(again, 409, "already_exists")

    deleted = await pipeline.client.delete(
        f"{API}/interviews/{first['id']}", headers=pipeline.headers()
    )
    assert deleted.status_code == 204, deleted.text
    second = await pipeline.client.post(f"{API}/interviews", json=body, headers=pipeline.headers())
    assert second.status_code == 201, second.text
    assert second.json()["id"] != first["id"]


async def test_start_needs_a_live_candidate_and_vacancy_of_the_callers_company(
    pipeline: Pipeline, foreign: Pipeline
):
    own_candidate, own_vacancy = await pipeline.rows.candidate(), await pipeline.rows.vacancy()
    cases = {
        "foreign both": (await foreign.rows.candidate(), await foreign.rows.vacancy()),
        "unknown candidate": (uuid4(), own_vacancy),
        "unknown vacancy": (own_candidate, uuid4()),
    }
    deleted_candidate = await pipeline.rows.candidate()
    await pipeline.rows.set_deleted(candidates, deleted_candidate)
    cases["deleted candidate"] = (deleted_candidate, own_vacancy)
    deleted_vacancy = await pipeline.rows.vacancy()
    await pipeline.rows.set_deleted(vacancies, deleted_vacancy)
    cases["deleted vacancy"] = (own_candidate, deleted_vacancy)

    for name, (candidate, vacancy) in cases.items():
        response = await pipeline.client.post(
            f"{API}/interviews",
            json={"candidate_id": str(candidate), "vacancy_id": str(vacancy)},
            headers=pipeline.headers(),
        )
        body = assert_error(response, 400, "invalid_request")
        fields = {detail["field"] for detail in body["details"]}
        expected = {
            "foreign both": {"candidate_id", "vacancy_id"},
            "unknown candidate": {"candidate_id"},
            "deleted candidate": {"candidate_id"},
        }.get(name, {"vacancy_id"})
        assert fields == expected, (name, body)
    assert await pipeline.listed() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"candidate_id": str(uuid4())}, "vacancy_id"),
        ({"candidate_id": "nope", "vacancy_id": str(uuid4())}, "candidate_id"),
        (
            {"candidate_id": str(uuid4()), "vacancy_id": str(uuid4()), "stage_code": 5},
            "stage_code",
        ),
    ],
)
async def test_start_refuses_malformed_bodies(pipeline: Pipeline, body: dict, field: str):
    response = await pipeline.client.post(
        f"{API}/interviews", json=body, headers=pipeline.headers()
    )
    assert_error(response, 400, "invalid_request", field=field)


async def test_unknown_ids_are_404(pipeline: Pipeline):
    interview = await pipeline.start()
    missing = uuid4()
    for method, path in (
        ("GET", f"/interviews/{missing}"),
        ("DELETE", f"/interviews/{missing}"),
        ("POST", f"/interviews/{missing}/restore"),
        ("GET", f"/interviews/{missing}/stage-results"),
        ("GET", f"/interviews/{interview['id']}/stage-results/{missing}"),
        ("DELETE", f"/interviews/{interview['id']}/stage-results/{missing}"),
    ):
        response = await pipeline.client.request(method, API + path, headers=pipeline.headers())
        assert_error(response, 404, "not_found")
    assert_error(await pipeline.move(str(missing), 2), 404, "not_found")
    assert_error(
        await pipeline.client.get(f"{API}/interviews/not-a-uuid", headers=pipeline.headers()),
        404,
        "not_found",
    )


# --- stage moves --------------------------------------------------------------------------------


async def test_stage_moves_build_a_history_chain(pipeline: Pipeline):
    interview = await pipeline.start()
    iid = interview["id"]
    manager = pipeline.tenant[Role.MANAGER]

    first = await pipeline.move(iid, 4, "HR call booked", **{"If-Match": '"1"'})
    assert first.status_code == 201, first.text
    result = first.json()
    assert first.headers["location"] == f"{API}/interviews/{iid}/stage-results/{result['id']}"
    assert RFC3339_UTC.match(result["created_at"])
    assert result["seconds_in_old_stage"] >= 0
    assert result == {
        "id": result["id"],
        "old_stage": {"code": 1, "value": "Новый", "parent_code": None},
        "new_stage": {"code": 4, "value": "HR собеседование", "parent_code": 2},
        "note": "HR call booked",
        "seconds_in_old_stage": result["seconds_in_old_stage"],
        "created_by": {
            "id": str(pipeline.tenant[Role.RECRUITER].id),
            "first_name": "Recruiter",
            "last_name": "Tester",
        },
        "created_at": result["created_at"],
    }
    second = await pipeline.client.post(
        f"{API}/interviews/{iid}/stage-results",
        json={"new_stage_code": 5},
        headers=pipeline.headers(Role.MANAGER),
    )
    assert second.status_code == 201, second.text
    assert second.json()["note"] is None
    assert second.json()["created_by"]["id"] == str(manager.id)
    await pipeline.moved(iid, 7, "offer sent")
    await pipeline.moved(iid, 10, "accepted")

    history = await pipeline.history(iid)
    assert [(r["old_stage"]["code"], r["new_stage"]["code"]) for r in history] == [
        (1, 4),
        (4, 5),
        (5, 7),
        (7, 10),
    ]
    assert history[0] == result
    assert history[-1]["new_stage"] == {"code": 10, "value": "Оффер принят", "parent_code": 3}
    assert [r["created_at"] for r in history] == sorted(r["created_at"] for r in history)

    one = await pipeline.client.get(
        f"{API}/interviews/{iid}/stage-results/{result['id']}",
        headers=pipeline.headers(Role.CUSTOMER),
    )
    assert one.status_code == 200 and one.json() == result

    current = await pipeline.get(iid)
    assert current.json()["stage"] == {"code": 10, "value": "Оффер принят", "parent_code": 3}
    assert current.json()["version"] == 5
    assert current.headers["etag"] == '"5"'
    assert current.json()["updated_at"] > interview["updated_at"]


async def test_stage_move_rules(pipeline: Pipeline):
    interview = await pipeline.start()
    iid = interview["id"]

    assert_error(await pipeline.move(iid, 1), 409, "conflict")
    for code in (0, 11, 2**31):
        assert_error(await pipeline.move(iid, code), 400, "invalid_request", field="new_stage_code")
    assert_error(await pipeline.move(iid, 2, "x" * 2001), 400, "invalid_request", field="note")
    assert_error(await pipeline.move(iid, 2, "nul\x00"), 400, "invalid_request", field="note")
    sneaky = await pipeline.client.post(
        f"{API}/interviews/{iid}/stage-results",
        json={"new_stage_code": 2, "old_stage_code": 7},
        headers=pipeline.headers(),
    )
    assert_error(sneaky, 400, "invalid_request", field="old_stage_code")

    current = await pipeline.get(iid)
    assert current.json() == interview  # nothing above changed anything
    assert await pipeline.history(iid) == []
    assert (await pipeline.moved(iid, 2, "x" * 2000))["note"] == "x" * 2000


async def test_a_stale_if_match_on_a_move_is_412_and_moves_nothing(pipeline: Pipeline):
    interview = await pipeline.start()
    iid = interview["id"]
    await pipeline.moved(iid, 2)

    for stale in ('"1"', 'W/"1"', '"garbage"'):
        assert_error(await pipeline.move(iid, 4, **{"If-Match": stale}), 412, "precondition_failed")
    current = await pipeline.get(iid)
    assert (current.json()["stage"]["code"], current.json()["version"]) == (2, 2)
    assert len(await pipeline.history(iid)) == 1

    fresh = await pipeline.move(iid, 4, **{"If-Match": current.headers["etag"]})
    assert fresh.status_code == 201, fresh.text
    anything = await pipeline.move(iid, 5, **{"If-Match": "*"})
    assert anything.status_code == 201, anything.text


async def test_soft_deleting_a_stage_result_keeps_the_interviews_stage(pipeline: Pipeline):
    interview = await pipeline.start()
    iid = interview["id"]
    first = await pipeline.moved(iid, 2)
    second = await pipeline.moved(iid, 6)
    path = f"{API}/interviews/{iid}/stage-results/{second['id']}"

    deleted = await pipeline.client.delete(path, headers=pipeline.headers(Role.MANAGER))
    assert deleted.status_code == 204, deleted.text
    assert deleted.content == b""

    assert [r["id"] for r in await pipeline.history(iid)] == [first["id"]]
    assert_error(await pipeline.client.get(path, headers=pipeline.headers()), 404, "not_found")
    assert_error(await pipeline.client.delete(path, headers=pipeline.headers()), 404, "not_found")
    current = (await pipeline.get(iid)).json()
    assert current["stage"]["code"] == 6
    assert current["version"] == 3
    # the next move starts from where the interview is, not from the deleted record
    assert (await pipeline.moved(iid, 7))["old_stage"]["code"] == 6


async def test_the_history_is_paged_with_the_total(pipeline: Pipeline):
    iid = (await pipeline.start())["id"]
    for stage in (2, 4, 5, 6):
        await pipeline.moved(iid, stage)
    response = await pipeline.client.get(
        f"{API}/interviews/{iid}/stage-results",
        params={"limit": 2, "offset": 1},
        headers=pipeline.headers(),
    )
    body = response.json()
    assert body["count"] == 4
    assert [(r["old_stage"]["code"], r["new_stage"]["code"]) for r in body["items"]] == [
        (2, 4),
        (4, 5),
    ]
    beyond = await pipeline.client.get(
        f"{API}/interviews/{iid}/stage-results",
        params={"offset": 10},
        headers=pipeline.headers(),
    )
    assert beyond.json() == {"items": [], "count": 4}


# --- delete and restore -------------------------------------------------------------------------


async def test_delete_honours_if_match_and_restore_brings_the_interview_back(pipeline: Pipeline):
    interview = await pipeline.start()
    iid = interview["id"]
    await pipeline.moved(iid, 4)
    path = f"{API}/interviews/{iid}"

    stale = await pipeline.client.delete(path, headers=pipeline.headers(**{"If-Match": '"1"'}))
    assert_error(stale, 412, "precondition_failed")
    assert (await pipeline.get(iid)).json()["version"] == 2
    assert iid in await pipeline.listed()

    deleted = await pipeline.client.delete(path, headers=pipeline.headers(**{"If-Match": '"2"'}))
    assert deleted.status_code == 204, deleted.text
    assert_error(await pipeline.get(iid), 404, "not_found")
    assert iid not in await pipeline.listed()
    assert_error(
        await pipeline.client.get(f"{path}/stage-results", headers=pipeline.headers()),
        404,
        "not_found",
    )
    assert_error(await pipeline.move(iid, 5), 404, "not_found")

    restored = await pipeline.client.post(f"{path}/restore", headers=pipeline.headers())
    assert restored.status_code == 200, restored.text
    assert restored.headers["etag"] == '"4"'
    body = restored.json()
    assert body["stage"]["code"] == 4 and body["version"] == 4
    assert body == (await pipeline.get(iid)).json()
    assert iid in await pipeline.listed()
    assert len(await pipeline.history(iid)) == 1

    again = await pipeline.client.post(f"{path}/restore", headers=pipeline.headers())
    assert again.status_code == 200 and again.json() == body


async def test_restore_is_409_while_another_live_interview_of_the_pair_exists(
    pipeline: Pipeline,
):
    candidate, vacancy = await pipeline.rows.candidate(), await pipeline.rows.vacancy()
    first = await pipeline.start(candidate, vacancy)
    await pipeline.client.delete(f"{API}/interviews/{first['id']}", headers=pipeline.headers())
    second = await pipeline.start(candidate, vacancy)

    refused = await pipeline.client.post(
        f"{API}/interviews/{first['id']}/restore", headers=pipeline.headers()
    )
    assert_error(refused, 409, "already_exists")
    assert await pipeline.listed(candidate_id=str(candidate)) == [second["id"]]


# --- a soft-deleted candidate or vacancy hides its interviews -----------------------------------


@pytest.mark.parametrize("table", [candidates, vacancies], ids=["candidate", "vacancy"])
async def test_a_deleted_candidate_or_vacancy_hides_its_interviews(pipeline: Pipeline, table: Any):
    candidate, vacancy = await pipeline.rows.candidate(), await pipeline.rows.vacancy()
    hidden = await pipeline.start(candidate, vacancy)
    result = await pipeline.moved(hidden["id"], 2)
    shown = await pipeline.start()
    party = candidate if table is candidates else vacancy

    await pipeline.rows.set_deleted(table, party)

    assert await pipeline.listed() == [shown["id"]]
    assert await pipeline.listed(candidate_id=str(candidate)) == []
    assert await pipeline.listed(vacancy_id=str(vacancy)) == []
    iid = hidden["id"]
    for method, path in (
        ("GET", f"/interviews/{iid}"),
        ("GET", f"/interviews/{iid}/stage-results"),
        ("GET", f"/interviews/{iid}/stage-results/{result['id']}"),
        ("DELETE", f"/interviews/{iid}/stage-results/{result['id']}"),
        ("DELETE", f"/interviews/{iid}"),
        ("POST", f"/interviews/{iid}/restore"),
    ):
        response = await pipeline.client.request(method, API + path, headers=pipeline.headers())
        assert_error(response, 404, "not_found")
    assert_error(await pipeline.move(iid, 3), 404, "not_found")

    await pipeline.rows.set_deleted(table, party, deleted=False)
    assert set(await pipeline.listed()) == {hidden["id"], shown["id"]}
    after = (await pipeline.get(iid)).json()
    assert (after["stage"]["code"], after["version"]) == (2, 2)  # nothing above changed it
    assert [r["id"] for r in await pipeline.history(iid)] == [result["id"]]


# --- list: filters, sorting, paging -------------------------------------------------------------


async def test_every_filter_of_the_list(pipeline: Pipeline):
    rows = pipeline.rows
    anna, boris = await rows.candidate("Анна"), await rows.candidate("Борис")
    urgent = await rows.vacancy(priority_code=4, deadline=date(2026, 12, 10))
    calm = await rows.vacancy(priority_code=1, deadline=date(2027, 3, 1))
    open_ended = await rows.vacancy(priority_code=1)

    a_urgent = (await pipeline.start(anna, urgent))["id"]
    b_urgent = (await pipeline.start(boris, urgent))["id"]
    b_open = (await pipeline.start(boris, open_ended))["id"]
    response = await pipeline.client.post(
        f"{API}/interviews",
        json={"candidate_id": str(anna), "vacancy_id": str(calm)},
        headers=pipeline.headers(Role.MANAGER),
    )
    a_calm = response.json()["id"]
    await pipeline.moved(a_calm, 4)
    await pipeline.moved(b_urgent, 4)
    manager = pipeline.tenant[Role.MANAGER]

    async def listed(**params: Any) -> set[str]:
        return set(await pipeline.listed(**params))

    assert await listed() == {a_urgent, a_calm, b_urgent, b_open}
    assert await listed(candidate_id=str(anna)) == {a_urgent, a_calm}
    assert await listed(vacancy_id=str(urgent)) == {a_urgent, b_urgent}
    assert await listed(created_by=str(manager.id)) == {a_calm}
    assert await listed(stage_code=4) == {a_calm, b_urgent}
    assert await listed(stage_code=1) == {a_urgent, b_open}
    assert await listed(stage_code=10) == set()
    assert await listed(vacancy_priority_code=4) == {a_urgent, b_urgent}
    assert await listed(vacancy_priority_code=1) == {a_calm, b_open}
    assert await listed(vacancy_deadline_from="2027-01-01") == {a_calm}
    assert await listed(vacancy_deadline_to="2026-12-10") == {a_urgent, b_urgent}
    assert await listed(vacancy_deadline_from="2026-12-10", vacancy_deadline_to="2027-03-01") == {
        a_urgent,
        a_calm,
        b_urgent,
    }
    assert await listed(candidate_id=str(boris), stage_code=4, vacancy_priority_code=4) == {
        b_urgent
    }
    assert await listed(candidate_id=str(anna), vacancy_id=str(open_ended)) == set()


async def test_list_items_have_the_full_shape_and_sorting_is_stable(pipeline: Pipeline):
    started = [await pipeline.start() for _ in range(3)]
    ids = [item["id"] for item in started]
    response = await pipeline.client.get(f"{API}/interviews", headers=pipeline.headers())
    body = response.json()
    assert body["count"] == 3
    assert body["items"] == list(reversed(started))  # default -created_at, full shapes

    assert await pipeline.listed(sort="created_at") == ids
    assert await pipeline.listed(sort="-created_at") == list(reversed(ids))
    await pipeline.moved(ids[0], 2)
    assert (await pipeline.listed(sort="-updated_at"))[0] == ids[0]
    assert (await pipeline.listed(sort="updated_at"))[-1] == ids[0]

    page = await pipeline.client.get(
        f"{API}/interviews",
        params={"sort": "created_at", "limit": 1, "offset": 1},
        headers=pipeline.headers(),
    )
    assert page.json()["count"] == 3
    assert [item["id"] for item in page.json()["items"]] == [ids[1]]
    beyond = await pipeline.client.get(
        f"{API}/interviews", params={"offset": 50}, headers=pipeline.headers()
    )
    assert beyond.json() == {"items": [], "count": 3}


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 201},
        {"offset": -1},
        {"sort": "stage_code"},
        {"sort": "-"},
        {"stage_code": 0},
        {"stage_code": 2**31},
        {"vacancy_priority_code": "high"},
        {"candidate_id": "not-a-uuid"},
        {"vacancy_deadline_from": "2027-13-01"},
        {"vacancy_deadline_from": "2027-02-01", "vacancy_deadline_to": "2027-01-01"},
    ],
)
async def test_bad_list_parameters_are_400(pipeline: Pipeline, params: dict[str, Any]):
    response = await pipeline.client.get(
        f"{API}/interviews", params=params, headers=pipeline.headers()
    )
    assert_error(response, 400, "invalid_request")


async def test_a_page_costs_the_same_number_of_queries_whatever_its_size(
    pipeline: Pipeline, engine: AsyncEngine
):
    small = await pipeline.rows.vacancy()
    large = await pipeline.rows.vacancy()
    await pipeline.start(vacancy_id=small)
    big_one = None
    for _ in range(25):
        big_one = await pipeline.start(vacancy_id=large)
    assert big_one is not None
    for stage in (2, 4, 5, 6, 7):
        await pipeline.moved(big_one["id"], stage)

    async def cost(path: str, params: dict[str, Any]) -> tuple[int, int]:
        with counting_statements(engine) as statements:
            response = await pipeline.client.get(path, params=params, headers=pipeline.headers())
        assert response.status_code == 200, response.text
        return len(statements), len(response.json()["items"])

    small_cost, small_items = await cost(f"{API}/interviews", {"vacancy_id": str(small)})
    large_cost, large_items = await cost(f"{API}/interviews", {"vacancy_id": str(large)})
    assert (small_items, large_items) == (1, 25)
    assert small_cost == large_cost == 1

    one_moved = (await pipeline.start())["id"]
    await pipeline.moved(one_moved, 2)
    short_cost, _ = await cost(f"{API}/interviews/{one_moved}/stage-results", {})
    long_cost, long_items = await cost(f"{API}/interviews/{big_one['id']}/stage-results", {})
    assert long_items == 5
    assert short_cost == long_cost <= 2


# --- tenancy and roles --------------------------------------------------------------------------


async def test_another_companys_interviews_are_404_and_untouched(
    pipeline: Pipeline, foreign: Pipeline
):
    interview = await pipeline.start()
    iid = interview["id"]
    result = await pipeline.moved(iid, 2)
    before = (await pipeline.get(iid)).json()
    stranger = foreign.headers(Role.ADMIN)

    for method, path, body in (
        ("GET", f"/interviews/{iid}", None),
        ("DELETE", f"/interviews/{iid}", None),
        ("POST", f"/interviews/{iid}/restore", None),
        ("POST", f"/interviews/{iid}/stage-results", {"new_stage_code": 3}),
        ("GET", f"/interviews/{iid}/stage-results", None),
        ("GET", f"/interviews/{iid}/stage-results/{result['id']}", None),
        ("DELETE", f"/interviews/{iid}/stage-results/{result['id']}", None),
    ):
        response = await foreign.client.request(method, API + path, json=body, headers=stranger)
        assert_error(response, 404, "not_found")

    assert await foreign.listed() == []
    assert await foreign.listed(candidate_id=interview["candidate"]["id"]) == []
    assert (await pipeline.get(iid)).json() == before
    assert [r["id"] for r in await pipeline.history(iid)] == [result["id"]]


ENDPOINTS = {
    # name: (method, path template, body, roles allowed)
    "list": ("GET", "/interviews", None, READERS),
    "start": ("POST", "/interviews", "pair", WRITERS),
    "get": ("GET", "/interviews/{id}", None, READERS),
    "delete": ("DELETE", "/interviews/{id}", None, WRITERS),
    "restore": ("POST", "/interviews/{id}/restore", None, WRITERS),
    "move": ("POST", "/interviews/{id}/stage-results", {"new_stage_code": 3}, WRITERS),
    "history": ("GET", "/interviews/{id}/stage-results", None, READERS),
    "result": ("GET", "/interviews/{id}/stage-results/{result_id}", None, READERS),
    "delete_result": ("DELETE", "/interviews/{id}/stage-results/{result_id}", None, WRITERS),
}


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
async def test_roles_per_endpoint(pipeline: Pipeline, name: str):
    method, template, body, allowed = ENDPOINTS[name]
    for role in Role:
        interview = await pipeline.start()
        result = await pipeline.moved(interview["id"], 2)
        if name == "restore":
            await pipeline.client.delete(
                f"{API}/interviews/{interview['id']}", headers=pipeline.headers()
            )
        if body == "pair":
            payload: Any = {
                "candidate_id": str(await pipeline.rows.candidate()),
                "vacancy_id": str(await pipeline.rows.vacancy()),
            }
        else:
            payload = body
        path = API + template.format(id=interview["id"], result_id=result["id"])
        before = await pipeline.listed()

        response = await pipeline.client.request(
            method, path, json=payload, headers=pipeline.headers(role)
        )

        if role in allowed:
            assert response.status_code in (200, 201, 204), (name, role, response.text)
        else:
            assert_error(response, 403, "access_denied")
            assert await pipeline.listed() == before
            if name != "restore":
                current = (await pipeline.get(interview["id"])).json()
                assert (current["stage"]["code"], current["version"]) == (2, 2)
                assert [r["id"] for r in await pipeline.history(interview["id"])] == [result["id"]]
