"""Reference dictionaries over HTTP: the data of reference-data.json, cacheable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from application.refs.views import REFERENCE_NAMES
from domain.identity.role import Role
from tests.support.http import assert_error

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "reference-data.json"
PACKAGED_DATA = (
    Path(__file__).resolve().parents[2] / "adapters" / "postgres" / "reference-data.json"
)
NAMES = (
    "roles",
    "vacancy-priorities",
    "addresses",
    "countries",
    "family-statuses",
    "contact-types",
    "languages",
    "language-levels",
    "interview-stages",
    "vacancy-statuses",
)


def reference_data() -> dict[str, list[dict[str, object]]]:
    # The shared copy is the source; the packaged copy (what the migration loads) must equal it.
    path = SHARED_DATA if SHARED_DATA.exists() else PACKAGED_DATA
    return json.loads(path.read_text("utf-8"))


def expected_items(name: str) -> list[dict[str, object]]:
    rows = reference_data()[name.replace("-", "_")]
    items = []
    for row in sorted(rows, key=lambda r: r["code"]):  # type: ignore[arg-type, return-value]
        item = {
            "code": row["code"],
            "value": row["value"],
            "is_archive": row.get("is_archive", False),
        }
        for optional in ("parent_code", "level_code", "sys_name"):
            if row.get(optional) is not None:
                item[optional] = row[optional]
        items.append(item)
    return items


def without_nulls(item: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in item.items() if value is not None}


def test_the_packaged_reference_data_is_the_shared_one():
    packaged = json.loads(PACKAGED_DATA.read_text("utf-8"))
    if SHARED_DATA.exists():  # the project's sibling folder; a lone clone has only the copy
        assert packaged == json.loads(SHARED_DATA.read_text("utf-8"))
    assert set(NAMES) == set(REFERENCE_NAMES)
    assert {name.replace("-", "_") for name in NAMES} == set(packaged)


@pytest.mark.parametrize("name", NAMES)
async def test_every_reference_returns_its_data_with_cache_headers(client, tenant, name):
    response = await client.get(f"/api/v1/refs/{name}", headers=tenant[Role.EMPLOYEE].headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["items"]
    assert [without_nulls(item) for item in body["items"]] == expected_items(name)
    assert all(isinstance(item["is_archive"], bool) for item in body["items"])

    etag = response.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2
    cache_control = response.headers["cache-control"]
    assert "max-age=" in cache_control and "no-store" not in cache_control

    cached = await client.get(
        f"/api/v1/refs/{name}",
        headers={**tenant[Role.EMPLOYEE].headers, "If-None-Match": etag},
    )
    assert cached.status_code == 304, cached.text
    assert cached.content == b""
    assert cached.headers["etag"] == etag


async def test_the_etag_is_stable_and_differs_between_references(client, tenant):
    headers = tenant[Role.CUSTOMER].headers
    first = await client.get("/api/v1/refs/languages", headers=headers)
    again = await client.get("/api/v1/refs/languages", headers=headers)
    other = await client.get("/api/v1/refs/countries", headers=headers)
    assert first.headers["etag"] == again.headers["etag"]
    assert first.headers["etag"] != other.headers["etag"]


async def test_if_none_match_takes_a_list_weak_tags_and_ignores_strangers(client, tenant):
    headers = tenant[Role.RECRUITER].headers
    etag = (await client.get("/api/v1/refs/roles", headers=headers)).headers["etag"]
    listed = await client.get(
        "/api/v1/refs/roles", headers={**headers, "If-None-Match": f'"other", W/{etag}'}
    )
    assert listed.status_code == 304
    stale = await client.get("/api/v1/refs/roles", headers={**headers, "If-None-Match": '"stale"'})
    assert stale.status_code == 200
    assert len(stale.json()["items"]) == 5


async def test_every_role_reads_references(client, tenant):
    for role in Role:
        response = await client.get("/api/v1/refs/roles", headers=tenant[role].headers)
        assert response.status_code == 200, (role, response.text)
        assert [item["sys_name"] for item in response.json()["items"]] == [
            "admin",
            "employee",
            "manager",
            "recruiter",
            "customer",
        ]


async def test_the_roles_reference_matches_the_role_codes(client, tenant):
    response = await client.get("/api/v1/refs/roles", headers=tenant.admin.headers)
    assert {item["sys_name"]: item["code"] for item in response.json()["items"]} == {
        role.value: role.code for role in Role
    }


@pytest.mark.parametrize("name", ["unknown", "roles2", "users", "vacancy_statuses", "ROLES"])
async def test_an_unknown_reference_is_not_found(client, tenant, name):
    response = await client.get(f"/api/v1/refs/{name}", headers=tenant.admin.headers)
    assert_error(response, 404, "not_found")


async def test_references_need_a_signed_in_caller(client):
    assert_error(await client.get("/api/v1/refs/roles"), 401, "invalid_token")
    assert_error(await client.get("/api/v1/refs/unknown"), 401, "invalid_token")
