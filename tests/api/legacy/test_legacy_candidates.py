"""`/candidates` of the legacy contract, answers checked against the old document."""

from __future__ import annotations

import secrets
from datetime import date

import httpx

from application.candidates.views import ExperienceView
from domain.identity.role import Role
from entrypoints.legacy.schemas.candidates import experience_text
from tests.api.legacy.test_legacy_contract import old
from tests.support.http import assert_error
from tests.support.tenants import Tenant


def surname() -> str:
    return "Старый" + "".join(secrets.choice("абвгдежз") for _ in range(6))


def card(**extra: object) -> dict[str, object]:
    return {
        "first_name": "Иван",
        "last_name": surname(),
        "family_status_code": 1,
        "adress_code": 2,
        "contacts": [{"type_code": 3, "value": f"{secrets.token_hex(4)}@example.com"}],
        "work_places": [
            {
                "company": "Acme",
                "position": "Dev",
                "work_from": "2015-01-01",
                "work_to": "2018-12-31",
            },
            {
                "company": "Initech",
                "position": "Lead",
                "work_from": "2018-01-01",
                "work_to": "2019-06-30",
            },
        ],
        "languages": [{"language_code": 1, "language_level_code": 3}],
        "notes": [{"note": "first call"}],
        "skills": [{"name": f"skill {secrets.token_hex(3)}"}],
        **extra,
    }


async def test_a_candidate_is_created_read_listed_updated_and_deleted_the_old_way(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    body = card()
    created = await old(client, "POST", "/candidates", tenant.admin.headers, json=body)
    assert created.status_code == 200, created.text
    candidate_id = created.json()["id"]

    one = (await old(client, "GET", f"/candidates/{candidate_id}", tenant.admin.headers)).json()
    assert one["adress"]["code"] == 2 and "address" not in one
    # 2015-01 .. 2019-06 with the overlap counted once: 4 years 6 months.
    assert one["total_work_expirience"] == "4 года 6 месяцев"
    assert [n["note"] for n in one["notes"]] == ["first call"]
    assert one["contacts"][0]["type"]["code"] == 3
    assert one["languages"][0]["language_level"]["code"] == 3

    listed = await old(
        client, "GET", f"/candidates?last_name={body['last_name']}", tenant[Role.CUSTOMER].headers
    )
    assert (listed.json()["count"], [c["id"] for c in listed.json()["candidates"]]) == (
        1,
        [candidate_id],
    )

    update = {
        **card(last_name=body["last_name"], first_name="Пётр"),
        "notes": [{"id": one["notes"][0]["id"], "note": "edited?"}, {"note": "second call"}],
        "contacts": [],
    }
    path = f"/candidates/{candidate_id}"
    updated = await old(client, "PATCH", path, tenant.admin.headers, json=update)
    assert (updated.status_code, updated.json()) == (200, {"id": candidate_id}), updated.text
    after = (await old(client, "GET", path, tenant.admin.headers)).json()
    assert (after["first_name"], after["contacts"]) == ("Пётр", [])
    assert sorted(n["note"] for n in after["notes"]) == ["first call", "second call"]

    deleted = await old(client, "DELETE", path, tenant.admin.headers)
    assert (deleted.status_code, deleted.json()) == (200, {"id": candidate_id})
    assert_error(await old(client, "GET", path, tenant.admin.headers), 400, "invalid_client")


async def test_another_company_s_candidate_is_the_old_unknown_id(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    created = await old(client, "POST", "/candidates", tenant.admin.headers, json=card())
    path = f"/candidates/{created.json()['id']}"
    for method in ("GET", "DELETE"):
        response = await old(client, method, path, other_tenant.admin.headers)
        assert_error(response, 400, "invalid_client")
    patched = await old(client, "PATCH", path, other_tenant.admin.headers, json=card())
    assert_error(patched, 400, "invalid_client")


async def test_candidate_roles_and_bad_input(client: httpx.AsyncClient, tenant: Tenant) -> None:
    employee = await old(client, "POST", "/candidates", tenant[Role.EMPLOYEE].headers, json=card())
    assert_error(employee, 403, "access_denied")
    missing = {k: v for k, v in card().items() if k != "family_status_code"}
    refused = await old(client, "POST", "/candidates", tenant.admin.headers, json=missing)
    assert_error(refused, 400, "invalid_request", field="family_status_code")
    future = card(birth_date=date(2999, 1, 1).isoformat())
    assert_error(
        await old(client, "POST", "/candidates", tenant.admin.headers, json=future),
        400,
        "invalid_request",
    )
    year_one = {"company": "x", "position": "y", "work_from": "0001-01-01", "work_to": None}
    assert_error(
        await old(
            client, "POST", "/candidates", tenant.admin.headers, json=card(work_places=[year_one])
        ),
        400,
        "invalid_request",
        field="work_places[0].work_from",
    )

    nul = await old(client, "GET", "/candidates?last_name=a%00b", tenant.admin.headers)
    assert_error(nul, 400, "invalid_request")
    blank = await old(client, "GET", "/candidates?last_name=null", tenant.admin.headers)
    assert blank.status_code == 200, blank.text


def test_the_experience_string_is_years_and_months_in_russian() -> None:
    cases = {
        (0, 0): "0 месяцев",
        (1, 0): "1 год",
        (2, 1): "2 года 1 месяц",
        (5, 11): "5 лет 11 месяцев",
        (11, 3): "11 лет 3 месяца",
        (21, 5): "21 год 5 месяцев",
    }
    for (years, months), text in cases.items():
        assert experience_text(ExperienceView(years=years, months=months)) == text
