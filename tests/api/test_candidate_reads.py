"""`GET /candidates` and `GET /candidates/{id}` over HTTP, on rows written straight into the
database (so the read side is tested whatever the write side does)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest_asyncio
from dishka import AsyncContainer
from sqlalchemy import update

from adapters.postgres.session import PgSession
from adapters.postgres.tables import candidates
from application.ports.transaction import UnitOfWork
from domain.identity.role import Role
from tests.support.candidate_rows import (
    CandidateRow,
    Contact,
    Language,
    Note,
    WorkPlace,
    add_candidates,
    add_grade,
    add_position,
    add_skill,
)
from tests.support.http import assert_error
from tests.support.tenants import Tenant

API = "/api/v1/candidates"


def at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T09:30:00+00:00")


@dataclass
class Data:
    tenant: Tenant
    elkin: CandidateRow
    oneil: CandidateRow
    smith: CandidateRow
    deleted: CandidateRow
    position_id: UUID
    grade_id: UUID
    python: UUID
    sql: UUID

    @property
    def headers(self) -> dict[str, str]:
        return self.tenant[Role.RECRUITER].headers


async def _write(container: AsyncContainer, company_id: UUID, build) -> Any:
    async with container() as request:
        session = await request.get(PgSession)
        result = await build(session)
        await (await request.get(UnitOfWork)).commit()
    return result


@pytest_asyncio.fixture(loop_scope="session")
async def data(container: AsyncContainer, tenant: Tenant) -> Data:
    company_id = tenant.company_id
    author = tenant[Role.RECRUITER]

    async def build(session: PgSession) -> Data:
        position_id = await add_position(session, company_id, "Разработчик")
        grade_id = await add_grade(session, company_id, "Senior")
        python = await add_skill(session, company_id, "Python")
        sql = await add_skill(session, company_id, "SQL")
        elkin = CandidateRow(
            created_by=author.id,
            first_name="Пётр",
            last_name="Ёлкин",
            middle_name="Семёнович",
            birth_date=date(1990, 5, 17),
            min_salary=150_000,
            position_id=position_id,
            grade_id=grade_id,
            address_code=2,
            citizenship_code=1,
            family_status_code=2,
            created_at=at("2026-01-10"),
            updated_at=at("2026-02-01"),
            version=3,
            contacts=[Contact(3, "petr@example.com", is_priority=True), Contact(1, "+79161234567")],
            work_places=[
                WorkPlace("Developer", "ACME", date(2015, 1, 1), date(2018, 12, 31)),
                WorkPlace("Backend", "Яндекс", date(2018, 1, 1), date(2020, 12, 31)),
            ],
            languages=[Language(2, 4)],
            notes=[Note("Сильный кандидат", author.id, at("2026-01-11"))],
            skill_ids=[python, sql],
        )
        oneil = CandidateRow(
            created_by=author.id,
            first_name="John",
            last_name="O'Neil",
            min_salary=90_000,
            address_code=3,
            created_at=at("2026-03-05"),
            contacts=[Contact(3, "john@oneil.io")],
            skill_ids=[python],
        )
        smith = CandidateRow(
            created_by=author.id,
            first_name="Alice",
            last_name="Smith",
            min_salary=200_000,
            position_id=position_id,
            created_at=at("2026-05-20"),
            skill_ids=[python, sql],
        )
        deleted = CandidateRow(
            created_by=author.id,
            first_name="Пётр",
            last_name="Ёлкин",
            created_at=at("2026-04-01"),
        )
        await add_candidates(session, company_id, [elkin, oneil, smith, deleted])
        await session.execute(
            update(candidates)
            .where(candidates.c.company_id == company_id, candidates.c.id == deleted.id)
            .values(deleted_at=datetime.now(UTC))
        )
        return Data(tenant, elkin, oneil, smith, deleted, position_id, grade_id, python, sql)

    return await _write(container, company_id, build)


async def _ids(client: httpx.AsyncClient, data: Data, params: Any = None) -> list[str]:
    response = await client.get(API, params=params, headers=data.headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_get_returns_the_full_card_with_an_etag(client: httpx.AsyncClient, data: Data):
    row = data.elkin
    author = data.tenant[Role.RECRUITER]

    response = await client.get(f"{API}/{row.id}", headers=data.headers)

    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"3"'
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "id": str(row.id),
        "first_name": "Пётр",
        "last_name": "Ёлкин",
        "middle_name": "Семёнович",
        "birth_date": "1990-05-17",
        "min_salary": 150000,
        "position": {"id": str(data.position_id), "name": "Разработчик"},
        "grade": {"id": str(data.grade_id), "name": "Senior"},
        "address": {"code": 2, "value": "Алтайский край"},
        "citizenship": {"code": 1, "value": "Российская Федерация"},
        "family_status": {"code": 2, "value": "Женат / замужем"},
        "contacts": [
            {
                "id": str(row.contacts[0].id),
                "type": {"code": 3, "value": "Email"},
                "value": "petr@example.com",
                "is_priority": True,
            },
            {
                "id": str(row.contacts[1].id),
                "type": {"code": 1, "value": "Мобильный телефон"},
                "value": "+79161234567",
                "is_priority": False,
            },
        ],
        "work_places": [
            {
                "id": str(row.work_places[0].id),
                "position": "Developer",
                "company": "ACME",
                "work_from": "2015-01-01",
                "work_to": "2018-12-31",
                "is_actual": False,
            },
            {
                "id": str(row.work_places[1].id),
                "position": "Backend",
                "company": "Яндекс",
                "work_from": "2018-01-01",
                "work_to": "2020-12-31",
                "is_actual": False,
            },
        ],
        "total_experience": {"years": 6, "months": 0},
        "languages": [
            {
                "id": str(row.languages[0].id),
                "language": {"code": 2, "value": "Английский"},
                "level": {"code": 4, "value": "Выше среднего", "level_code": "B2"},
            }
        ],
        "notes": [
            {
                "id": str(row.notes[0].id),
                "text": "Сильный кандидат",
                "author": {"id": str(author.id), "first_name": "Recruiter", "last_name": "Tester"},
                "created_at": "2026-01-11T09:30:00Z",
            }
        ],
        "skills": [
            {"id": str(data.python), "name": "Python"},
            {"id": str(data.sql), "name": "SQL"},
        ],
        "created_by": {"id": str(author.id), "first_name": "Recruiter", "last_name": "Tester"},
        "created_at": "2026-01-10T09:30:00Z",
        "updated_at": "2026-02-01T09:30:00Z",
        "version": 3,
    }


async def test_a_bare_card_has_nulls_and_empty_lists(client: httpx.AsyncClient, data: Data):
    response = await client.get(f"{API}/{data.oneil.id}", headers=data.headers)

    body = response.json()
    assert response.headers["etag"] == '"1"'
    assert body["middle_name"] is None and body["birth_date"] is None
    assert body["position"] is None and body["grade"] is None
    assert body["citizenship"] is None and body["family_status"] is None
    assert body["work_places"] == [] and body["languages"] == [] and body["notes"] == []
    assert body["total_experience"] == {"years": 0, "months": 0}


async def test_the_list_returns_whole_cards_newest_first(client: httpx.AsyncClient, data: Data):
    response = await client.get(API, headers=data.headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == 3
    assert [item["id"] for item in body["items"]] == [
        str(data.smith.id),
        str(data.oneil.id),
        str(data.elkin.id),
    ]
    card = (await client.get(f"{API}/{data.elkin.id}", headers=data.headers)).json()
    assert body["items"][2] == card


async def test_every_reader_role_reads(client: httpx.AsyncClient, data: Data):
    for role in (Role.ADMIN, Role.MANAGER, Role.RECRUITER, Role.CUSTOMER):
        headers = data.tenant[role].headers
        assert (await client.get(API, headers=headers)).status_code == 200
        assert (await client.get(f"{API}/{data.elkin.id}", headers=headers)).status_code == 200


async def test_an_employee_is_refused(client: httpx.AsyncClient, data: Data):
    headers = data.tenant[Role.EMPLOYEE].headers
    assert_error(await client.get(API, headers=headers), 403, "access_denied")
    assert_error(await client.get(f"{API}/{data.elkin.id}", headers=headers), 403, "access_denied")


async def test_an_anonymous_caller_is_refused(client: httpx.AsyncClient, data: Data):
    assert_error(await client.get(API), 401, "invalid_token")
    assert_error(await client.get(f"{API}/{data.elkin.id}"), 401, "invalid_token")


async def test_another_company_s_candidate_is_not_found(
    client: httpx.AsyncClient, data: Data, other_tenant: Tenant
):
    headers = other_tenant[Role.RECRUITER].headers
    assert_error(await client.get(f"{API}/{data.elkin.id}", headers=headers), 404, "not_found")
    listed = (await client.get(API, headers=headers)).json()
    assert listed == {"items": [], "count": 0}


async def test_a_soft_deleted_or_unknown_candidate_is_not_found(
    client: httpx.AsyncClient, data: Data
):
    for candidate_id in (data.deleted.id, uuid4()):
        response = await client.get(f"{API}/{candidate_id}", headers=data.headers)
        assert_error(response, 404, "not_found")
    assert str(data.deleted.id) not in await _ids(client, data, {"q": "ёлкин"})
    response = await client.get(f"{API}/not-a-uuid", headers=data.headers)
    assert response.status_code in (400, 404)


async def test_filters_over_http(client: httpx.AsyncClient, data: Data):
    elkin, oneil, smith = str(data.elkin.id), str(data.oneil.id), str(data.smith.id)

    assert await _ids(client, data, {"q": "ЕЛКИН"}) == [elkin]
    assert await _ids(client, data, {"q": "Яндекс семенович"}) == [elkin]
    assert await _ids(client, data, {"q": "oneil"}) == [oneil]
    assert await _ids(client, data, {"q": "python"}) == [smith, oneil, elkin]
    assert await _ids(client, data, {"first_name": "ALI"}) == [smith]
    assert await _ids(client, data, {"last_name": "o'n"}) == [oneil]
    assert await _ids(client, data, {"middle_name": "семён"}) == [elkin]
    assert await _ids(client, data, {"position_id": str(data.position_id)}) == [smith, elkin]
    assert await _ids(client, data, {"grade_id": str(data.grade_id)}) == [elkin]
    assert await _ids(client, data, {"address_code": 3}) == [oneil]
    skill_ids = [("skill_id", str(data.python)), ("skill_id", str(data.sql))]
    assert await _ids(client, data, skill_ids) == [smith, elkin]
    assert await _ids(client, data, {"skill_id": str(data.python)}) == [smith, oneil, elkin]
    assert await _ids(client, data, {"salary_from": 100000, "salary_to": 150000}) == [elkin]
    assert await _ids(client, data, {"salary_to": 90000}) == [oneil]
    assert await _ids(client, data, {"created_from": "2026-03-05"}) == [smith, oneil]
    assert await _ids(client, data, {"created_to": "2026-03-05"}) == [oneil, elkin]
    combined = [*skill_ids, ("salary_from", "160000"), ("position_id", str(data.position_id))]
    assert await _ids(client, data, combined) == [smith]


async def test_sorts_over_http(client: httpx.AsyncClient, data: Data):
    elkin, oneil, smith = str(data.elkin.id), str(data.oneil.id), str(data.smith.id)

    assert await _ids(client, data, {"sort": "created_at"}) == [elkin, oneil, smith]
    assert await _ids(client, data, {"sort": "-created_at"}) == [smith, oneil, elkin]
    assert await _ids(client, data, {"sort": "last_name"}) == [oneil, smith, elkin]
    assert await _ids(client, data, {"sort": "-last_name"}) == [elkin, smith, oneil]
    assert await _ids(client, data, {"sort": "min_salary"}) == [oneil, elkin, smith]
    assert await _ids(client, data, {"sort": "-min_salary"}) == [smith, elkin, oneil]


async def test_pagination_edges(client: httpx.AsyncClient, data: Data):
    page = (await client.get(API, params={"limit": 1, "offset": 1}, headers=data.headers)).json()
    assert [item["id"] for item in page["items"]] == [str(data.oneil.id)]
    assert page["count"] == 3

    past = await client.get(API, params={"offset": 3}, headers=data.headers)
    assert past.status_code == 200 and past.json() == {"items": [], "count": 3}

    full = await client.get(API, params={"limit": 200}, headers=data.headers)
    assert full.status_code == 200 and full.json()["count"] == 3

    for params in ({"limit": 0}, {"limit": 201}, {"limit": "x"}, {"offset": -1}):
        assert_error(
            await client.get(API, params=params, headers=data.headers), 400, "invalid_request"
        )


async def test_bad_query_parameters_are_refused(client: httpx.AsyncClient, data: Data):
    for params in (
        {"sort": "birth_date"},
        {"sort": "--created_at"},
        {"skill_id": "not-a-uuid"},
        {"position_id": "42"},
        {"salary_from": -1},
        {"salary_from": 10**12},
        {"address_code": 2**31},
        {"created_from": "2026-13-01"},
        {"q": "a\x00b"},
        {"first_name": "x" * 101},
        {"salary_from": 10, "salary_to": 5},
        {"created_from": "2026-02-01", "created_to": "2026-01-31"},
    ):
        response = await client.get(API, params=params, headers=data.headers)
        assert_error(response, 400, "invalid_request")
