"""Writing candidates over HTTP: create, PATCH (child lists, If-Match, concurrency), notes,
soft delete and restore, tenancy of the ids in a payload, and the roles that may write."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from domain.identity.role import Role
from tests.support.http import assert_error
from tests.support.tenants import Tenant

API = "/api/v1"
CANDIDATES = f"{API}/candidates"
MOBILE, HOME_PHONE, EMAIL, TELEGRAM = 1, 2, 3, 4


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


async def post(client: httpx.AsyncClient, tenant: Tenant, path: str, body: Any) -> dict:
    response = await client.post(API + path, json=body, headers=tenant.admin.headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def create(
    client: httpx.AsyncClient, tenant: Tenant, role: Role = Role.RECRUITER, **body: Any
) -> httpx.Response:
    payload = {"first_name": "Иван", "last_name": "Петров", **body}
    return await client.post(CANDIDATES, json=payload, headers=tenant[role].headers)


async def created(client: httpx.AsyncClient, tenant: Tenant, **body: Any) -> dict:
    response = await create(client, tenant, **body)
    assert response.status_code == 201, response.text
    return response.json()


async def read(client: httpx.AsyncClient, tenant: Tenant, candidate_id: str) -> httpx.Response:
    return await client.get(f"{CANDIDATES}/{candidate_id}", headers=tenant.admin.headers)


def without_ids(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in item.items() if k != "id"} for item in items]


async def test_create_returns_the_whole_card_with_location_and_etag(client, tenant):
    position = await post(client, tenant, "/positions", {"name": unique("Backend")})
    grade = await post(client, tenant, "/grades", {"name": unique("Senior")})
    python = await post(client, tenant, "/skills", {"name": unique("Python")})
    recruiter = tenant[Role.RECRUITER]
    before = datetime.now(UTC)
    response = await create(
        client,
        tenant,
        first_name="Анна-Мария",
        last_name="O'Neil",
        middle_name="Ёлкина",
        birth_date="1990-05-17",
        min_salary=250000,
        position_id=position["id"],
        grade_id=grade["id"],
        address_code=2,
        citizenship_code=1,
        family_status_code=2,
        contacts=[
            {"type_code": EMAIL, "value": "Anna@Example.COM", "is_priority": True},
            {"type_code": MOBILE, "value": "8 (916) 123-45-67"},
        ],
        work_places=[
            {
                "position": "Developer",
                "company": "Acme",
                "work_from": "2015-01-01",
                "work_to": "2018-12-31",
            },
            {
                "position": "Lead",
                "company": "Initech",
                "work_from": "2018-01-01",
                "work_to": "2020-12-31",
                "is_actual": False,
            },
        ],
        languages=[{"language_code": 2, "level_code": 4}, {"language_code": 1, "level_code": 6}],
        skills=[{"id": python["id"]}, {"name": "  Apache   Kafka "}],
        notes=[{"text": "Strong candidate"}],
    )
    assert response.status_code == 201, response.text
    card = response.json()
    assert response.headers["location"] == f"{CANDIDATES}/{card['id']}"
    assert response.headers["etag"] == '"1"'
    kafka = next(s for s in card["skills"] if s["id"] != python["id"])
    assert kafka["name"] == "Apache Kafka"
    created_at = datetime.fromisoformat(card["created_at"])
    assert before <= created_at <= datetime.now(UTC)
    person = {"id": str(recruiter.id), "first_name": "Recruiter", "last_name": "Tester"}
    assert {k: v for k, v in card.items() if k not in ("id", "created_at", "updated_at")} == {
        "first_name": "Анна-Мария",
        "last_name": "O'Neil",
        "middle_name": "Ёлкина",
        "birth_date": "1990-05-17",
        "min_salary": 250000,
        "position": {"id": position["id"], "name": position["name"]},
        "grade": {"id": grade["id"], "name": grade["name"]},
        "address": {"code": 2, "value": "Алтайский край"},
        "citizenship": {"code": 1, "value": "Российская Федерация"},
        "family_status": {"code": 2, "value": "Женат / замужем"},
        "contacts": [
            {
                "id": card["contacts"][0]["id"],
                "type": {"code": EMAIL, "value": "Email"},
                "value": "anna@example.com",
                "is_priority": True,
            },
            {
                "id": card["contacts"][1]["id"],
                "type": {"code": MOBILE, "value": "Мобильный телефон"},
                "value": "+79161234567",
                "is_priority": False,
            },
        ],
        "work_places": [
            {
                "id": card["work_places"][0]["id"],
                "position": "Developer",
                "company": "Acme",
                "work_from": "2015-01-01",
                "work_to": "2018-12-31",
                "is_actual": False,
            },
            {
                "id": card["work_places"][1]["id"],
                "position": "Lead",
                "company": "Initech",
                "work_from": "2018-01-01",
                "work_to": "2020-12-31",
                "is_actual": False,
            },
        ],
        "total_experience": {"years": 6, "months": 0},
        "languages": [
            {
                "id": card["languages"][0]["id"],
                "language": {"code": 1, "value": "Русский"},
                "level": card["languages"][0]["level"],
            },
            {
                "id": card["languages"][1]["id"],
                "language": {"code": 2, "value": "Английский"},
                "level": card["languages"][1]["level"],
            },
        ],
        "notes": [
            {
                "id": card["notes"][0]["id"],
                "text": "Strong candidate",
                "author": person,
                "created_at": card["created_at"],
            },
        ],
        "skills": sorted(
            [{"id": python["id"], "name": python["name"]}, kafka], key=lambda s: s["name"].lower()
        ),
        "created_by": person,
        "version": 1,
    }
    assert [x["level"]["code"] for x in card["languages"]] == [6, 4]
    assert card["updated_at"] == card["created_at"]
    got = await read(client, tenant, card["id"])
    assert got.status_code == 200 and got.json() == card


async def test_every_problem_is_reported_with_its_path(client, tenant):
    response = await create(
        client,
        tenant,
        first_name="R2D2",
        birth_date=date.today().isoformat(),
        min_salary=0,
        address_code=1,  # archived
        contacts=[
            {"type_code": MOBILE, "value": "+79161234567", "is_priority": True},
            {"type_code": EMAIL, "value": "not-an-email", "is_priority": True},
        ],
        work_places=[
            {
                "position": "Dev",
                "company": "Acme",
                "work_from": "2020-01-01",
                "work_to": "2019-01-01",
            },
        ],
        languages=[{"language_code": 1, "level_code": 1}, {"language_code": 1, "level_code": 2}],
        skills=[{"name": " "}],
    )
    body = assert_error(response, 400, "invalid_request")
    assert {d["field"] for d in body["details"]} == {
        "first_name",
        "birth_date",
        "min_salary",
        "address_code",
        "contacts[1].value",
        "contacts[1].is_priority",
        "work_places[0].work_to",
        "languages[1].language_code",
        "skills[0].name",
    }


async def test_work_dates_of_year_one_are_400_not_a_card_that_cannot_be_read(client, tenant):
    # the fuzzer's find: 0001-01-01 reached PostgreSQL as -infinity and the card's read failed
    place = {"position": "0/0", "company": "¸", "work_from": "0001-01-01", "work_to": "0001-01-01"}
    response = await create(client, tenant, work_places=[place])
    body = assert_error(response, 400, "invalid_request")
    assert {d["field"] for d in body["details"]} == {
        "work_places[0].work_from",
        "work_places[0].work_to",
    }
    card = await created(client, tenant)
    patched = await client.patch(
        f"{CANDIDATES}/{card['id']}",
        json={"work_places": [place]},
        headers={**tenant.admin.headers, "If-Match": '"1"'},
    )
    assert_error(patched, 400, "invalid_request", field="work_places[0].work_from")
    assert (await read(client, tenant, card["id"])).json()["work_places"] == []


async def test_server_owned_fields_are_refused(client, tenant):
    for extra in ({"version": 3}, {"company_id": str(tenant.company_id)}, {"created_by": None}):
        assert_error(await create(client, tenant, **extra), 400, "invalid_request")
    card = await created(client, tenant)
    response = await client.patch(
        f"{CANDIDATES}/{card['id']}",
        json={"contacts": [{"type_code": EMAIL, "value": "a@example.com", "extra": 1}]},
        headers=tenant.admin.headers,
    )
    assert_error(response, 400, "invalid_request")


async def test_patch_child_lists_add_update_and_remove_in_one_call(client, tenant):
    card = await created(
        client,
        tenant,
        middle_name="Ильич",
        contacts=[
            {"type_code": EMAIL, "value": "keep@example.com", "is_priority": True},
            {"type_code": MOBILE, "value": "+79160000000"},
            {"type_code": TELEGRAM, "value": "@gone"},
        ],
        work_places=[{"position": "Dev", "company": "Acme", "work_from": "2019-01-01"}],
        skills=[{"name": "Python"}, {"name": "SQL"}],
    )
    email, phone, gone = card["contacts"]
    python = next(s for s in card["skills"] if s["name"] == "Python")
    response = await client.patch(
        f"{CANDIDATES}/{card['id']}",
        json={
            "last_name": "Сидоров",
            "middle_name": None,
            "contacts": [
                {
                    "id": phone["id"],
                    "type_code": MOBILE,
                    "value": "8 916 111 22 33",
                    "is_priority": True,
                },
                {"id": email["id"], "type_code": EMAIL, "value": "keep@example.com"},
                {"type_code": HOME_PHONE, "value": "+7 495 000-00-00"},
            ],
            "work_places": [
                {
                    "id": card["work_places"][0]["id"],
                    "position": "Dev",
                    "company": "Acme",
                    "work_from": "2019-01-01",
                    "work_to": "2021-06-30",
                },
            ],
            "skills": [{"id": python["id"]}, {"name": "Docker"}],
        },
        headers={**tenant[Role.MANAGER].headers, "If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == '"2"'
    updated = response.json()
    assert (updated["first_name"], updated["last_name"], updated["middle_name"]) == (
        "Иван",
        "Сидоров",
        None,
    )
    ids = [c["id"] for c in updated["contacts"]]
    assert ids[:2] == [phone["id"], email["id"]] and gone["id"] not in ids
    assert without_ids(updated["contacts"]) == [
        {
            "type": {"code": MOBILE, "value": "Мобильный телефон"},
            "value": "+79161112233",
            "is_priority": True,
        },
        {
            "type": {"code": EMAIL, "value": "Email"},
            "value": "keep@example.com",
            "is_priority": False,
        },
        {
            "type": {"code": HOME_PHONE, "value": "Домашний телефон"},
            "value": "+74950000000",
            "is_priority": False,
        },
    ]
    assert updated["work_places"][0]["id"] == card["work_places"][0]["id"]
    assert (updated["work_places"][0]["work_to"], updated["work_places"][0]["is_actual"]) == (
        "2021-06-30",
        False,
    )
    assert sorted(s["name"] for s in updated["skills"]) == ["Docker", "Python"]
    assert updated["version"] == 2 and updated["created_at"] == card["created_at"]
    assert (await read(client, tenant, card["id"])).json() == updated


async def test_a_child_id_of_another_candidate_is_refused(client, tenant):
    first = await created(client, tenant, contacts=[{"type_code": EMAIL, "value": "a@b.cd"}])
    second = await created(client, tenant)
    response = await client.patch(
        f"{CANDIDATES}/{second['id']}",
        json={
            "contacts": [
                {"id": first["contacts"][0]["id"], "type_code": EMAIL, "value": "x@example.com"}
            ]
        },
        headers=tenant.admin.headers,
    )
    assert_error(response, 400, "invalid_request", field="contacts[0].id")


async def test_a_stale_if_match_is_412_and_changes_nothing(client, tenant):
    card = await created(client, tenant, middle_name="Ильич")
    path = f"{CANDIDATES}/{card['id']}"
    first = await client.patch(
        path, json={"min_salary": 100}, headers={**tenant.admin.headers, "If-Match": '"1"'}
    )
    assert first.status_code == 200 and first.headers["etag"] == '"2"'
    stale = await client.patch(
        path,
        json={"middle_name": "Петрович", "contacts": []},
        headers={**tenant.admin.headers, "If-Match": '"1"'},
    )
    assert_error(stale, 412, "precondition_failed")
    assert (await read(client, tenant, card["id"])).json() == first.json()
    gone = await client.delete(path, headers={**tenant.admin.headers, "If-Match": '"1"'})
    assert_error(gone, 412, "precondition_failed")
    assert (await read(client, tenant, card["id"])).status_code == 200


async def test_concurrent_patches_without_if_match_store_exactly_one_request(client, tenant):
    card = await created(client, tenant)
    path = f"{CANDIDATES}/{card['id']}"

    def body(tag: str, name: str, phone: str) -> dict:
        return {
            "first_name": name,
            "middle_name": name,
            "min_salary": 1000 + len(tag),
            "contacts": [
                {"type_code": EMAIL, "value": f"{tag}@example.com", "is_priority": True},
                {"type_code": MOBILE, "value": phone},
            ],
            "work_places": [{"position": tag, "company": tag, "work_from": "2020-01-01"}],
            "languages": [{"language_code": 2 if tag == "a" else 3, "level_code": 4}],
            "skills": [{"name": f"skill-{tag}"}],
        }

    bodies = {"a": body("a", "Альфа", "+79160000001"), "bb": body("bb", "Бета", "+79160000002")}
    responses = await asyncio.gather(
        *(client.patch(path, json=b, headers=tenant.admin.headers) for b in bodies.values())
    )
    assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
    assert sorted(r.json()["version"] for r in responses) == [2, 3]
    stored = (await read(client, tenant, card["id"])).json()
    assert stored["version"] == 3

    def projection(c: dict) -> dict:
        return {
            "first_name": c["first_name"],
            "middle_name": c["middle_name"],
            "min_salary": c["min_salary"],
            "contacts": [(x["type"]["code"], x["value"], x["is_priority"]) for x in c["contacts"]],
            "work_places": [(w["position"], w["company"]) for w in c["work_places"]],
            "languages": [x["language"]["code"] for x in c["languages"]],
            "skills": [s["name"] for s in c["skills"]],
        }

    def expected(tag: str, b: dict) -> dict:
        return {
            "first_name": b["first_name"],
            "middle_name": b["middle_name"],
            "min_salary": b["min_salary"],
            "contacts": [
                (EMAIL, f"{tag}@example.com", True),
                (MOBILE, b["contacts"][1]["value"], False),
            ],
            "work_places": [(tag, tag)],
            "languages": [b["languages"][0]["language_code"]],
            "skills": [f"skill-{tag}"],
        }

    assert projection(stored) in [expected(tag, b) for tag, b in bodies.items()]
    last = max(responses, key=lambda r: r.json()["version"]).json()
    assert stored == last


async def test_add_note_returns_the_note_and_raises_the_version(client, tenant):
    card = await created(client, tenant, notes=[{"text": "first"}])
    manager = tenant[Role.MANAGER]
    response = await client.post(
        f"{CANDIDATES}/{card['id']}/notes",
        json={"text": "  Interview on Monday\n11:00 "},
        headers=manager.headers,
    )
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"{CANDIDATES}/{card['id']}"
    note = response.json()
    assert set(note) == {"id", "text", "author", "created_at"}
    assert note["text"] == "Interview on Monday\n11:00"
    assert note["author"] == {"id": str(manager.id), "first_name": "Manager", "last_name": "Tester"}
    after = (await read(client, tenant, card["id"])).json()
    assert [n["text"] for n in after["notes"]] == ["first", note["text"]]
    assert after["version"] == 2
    empty = await client.post(
        f"{CANDIDATES}/{card['id']}/notes", json={"text": " "}, headers=manager.headers
    )
    assert_error(empty, 400, "invalid_request", field="text")


async def test_soft_delete_hides_and_restore_brings_back_every_child(client, tenant):
    card = await created(
        client,
        tenant,
        contacts=[{"type_code": EMAIL, "value": "a@example.com", "is_priority": True}],
        work_places=[{"position": "Dev", "company": "Acme", "work_from": "2019-01-01"}],
        languages=[{"language_code": 2, "level_code": 4}],
        skills=[{"name": unique("skill")}],
        notes=[{"text": "kept"}],
    )
    path = f"{CANDIDATES}/{card['id']}"
    deleted = await client.delete(path, headers={**tenant.admin.headers, "If-Match": '"1"'})
    assert deleted.status_code == 204 and deleted.content == b""
    assert_error(await read(client, tenant, card["id"]), 404, "not_found")
    assert_error(await client.delete(path, headers=tenant.admin.headers), 404, "not_found")
    assert_error(
        await client.patch(path, json={"first_name": "Пётр"}, headers=tenant.admin.headers),
        404,
        "not_found",
    )
    listed = await client.get(CANDIDATES, params={"limit": 200}, headers=tenant.admin.headers)
    assert card["id"] not in {item["id"] for item in listed.json()["items"]}

    restored = await client.post(f"{path}/restore", headers=tenant.admin.headers)
    assert restored.status_code == 200, restored.text
    assert restored.headers["etag"] == '"3"'
    body = restored.json()
    unchanged = ("version", "updated_at")
    assert {k: v for k, v in body.items() if k not in unchanged} == {
        k: v for k, v in card.items() if k not in unchanged
    }
    assert (await read(client, tenant, card["id"])).json() == body
    again = await client.post(f"{path}/restore", headers=tenant.admin.headers)
    assert again.status_code == 200 and again.json()["version"] == 3


async def test_ids_of_another_company_in_a_payload_are_refused(client, tenant, other_tenant):
    position = await post(client, other_tenant, "/positions", {"name": unique("Dev")})
    grade = await post(client, other_tenant, "/grades", {"name": unique("Senior")})
    skill = await post(client, other_tenant, "/skills", {"name": unique("Go")})
    foreign = {
        "position_id": position["id"],
        "grade_id": grade["id"],
        "skills": [{"id": skill["id"]}],
    }
    body = assert_error(await create(client, tenant, **foreign), 400, "invalid_request")
    assert {d["field"] for d in body["details"]} == {"position_id", "grade_id", "skills[0].id"}
    card = await created(client, tenant)
    response = await client.patch(
        f"{CANDIDATES}/{card['id']}", json=foreign, headers=tenant.admin.headers
    )
    assert_error(response, 400, "invalid_request", field="position_id")
    assert (await read(client, tenant, card["id"])).json() == card


async def test_another_company_candidate_is_not_found_for_every_write(client, tenant, other_tenant):
    card = await created(client, tenant)
    path = f"{CANDIDATES}/{card['id']}"
    stranger = other_tenant.admin.headers
    for response in (
        await client.patch(path, json={"first_name": "Пётр"}, headers=stranger),
        await client.post(f"{path}/notes", json={"text": "x"}, headers=stranger),
        await client.delete(path, headers=stranger),
        await client.post(f"{path}/restore", headers=stranger),
    ):
        assert_error(response, 404, "not_found")
    assert (await read(client, tenant, card["id"])).json() == card


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.CUSTOMER])
async def test_employees_and_customers_may_not_write(client, tenant, role):
    card = await created(client, tenant)
    path = f"{CANDIDATES}/{card['id']}"
    headers = tenant[role].headers
    assert_error(await create(client, tenant, role), 403, "access_denied")
    for response in (
        await client.patch(path, json={"first_name": "Пётр"}, headers=headers),
        await client.post(f"{path}/notes", json={"text": "x"}, headers=headers),
        await client.delete(path, headers=headers),
        await client.post(f"{path}/restore", headers=headers),
    ):
        assert_error(response, 403, "access_denied")
    assert (await read(client, tenant, card["id"])).json() == card
