"""Mass assignment, generated over tests/api/catalog.py: every operation that takes a JSON body,
sent its valid body plus one server-owned field at a time, is refused naming that field and
changes nothing."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from domain.identity.role import Role
from tests.api.catalog import API, OPERATIONS, Operation, Setup
from tests.security.support import Witness
from tests.support.http import assert_error
from tests.support.tenants import Tenant

STAMP = "2020-01-01T00:00:00Z"

# Owned by the server on every resource.
SERVER_OWNED: dict[str, Any] = {
    "id": str(uuid.uuid4()),
    "company_id": str(uuid.uuid4()),
    "version": 99,
    "created_by": str(uuid.uuid4()),
    "created_at": STAMP,
    "updated_at": STAMP,
    "deleted_at": STAMP,
    "hired_count": 5,
    "is_blocked": False,
    "failed_login_count": 0,
    "password_hash": "$2b$04$" + "a" * 53,
}

# Owned by the server on some operations only (a client sets them elsewhere, e.g. PATCH status).
SERVER_OWNED_ON: dict[str, dict[str, Any]] = {
    f"POST {API}/vacancies": {"status_code": 2},
    f"POST {API}/interviews": {"stage_code": 5},
    f"POST {API}/interviews/{{id}}/stage-results": {"old_stage_code": 1, "stage_code": 5},
    f"POST {API}/users": {"is_active": False, "logged_in_at": STAMP},
    f"PATCH {API}/users/{{id}}": {"is_active": False, "logged_in_at": STAMP},
    f"POST {API}/skills": {"normalized_name": "x"},
}

# The catalog's writes that take no body at all (checked against the schema below).
BODYLESS = ("/unblock", "/restore", "/ping", "/redeliver")
BODY_OPERATIONS = [
    op for op in OPERATIONS if op.method in ("POST", "PATCH") and not op.path.endswith(BODYLESS)
]


def _template(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


async def test_every_operation_with_a_body_is_generated(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    catalog = {_template(op.key) for op in OPERATIONS}
    with_body = {
        key
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if "requestBody" in operation and (key := f"{method.upper()} {_template(path)}") in catalog
    }
    assert with_body == {_template(op.key) for op in BODY_OPERATIONS}


@pytest.mark.parametrize("operation", [pytest.param(op, id=op.key) for op in BODY_OPERATIONS])
async def test_server_owned_fields_are_refused_naming_them(
    client: httpx.AsyncClient, tenant: Tenant, operation: Operation
) -> None:
    call = await operation.prepare(Setup(client, tenant))
    assert isinstance(call.json, dict) and call.json, call
    witness = await Witness.take(client, tenant, operation, call)
    fields = {**SERVER_OWNED, **SERVER_OWNED_ON.get(operation.key, {})}
    for name, value in fields.items():
        assert name not in call.json
        body = {**call.json, name: value}
        response = await client.request(
            operation.method, call.path, json=body, headers=tenant.admin.headers
        )
        details = assert_error(response, 400, "invalid_request", field=name)["details"]
        assert [detail["field"] for detail in details] == [name], details
        await witness.assert_unchanged()
    # The same body without the extra field is accepted: the refusal was about that field.
    response = await client.request(
        operation.method, call.path, json=call.json, headers=tenant.admin.headers
    )
    assert response.status_code == operation.success, response.text


async def test_a_server_owned_field_inside_a_nested_item_is_refused(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    setup = Setup(client, tenant)
    candidate = await setup.candidate()
    contact = {"type_code": 1, "value": "+7 900 123-45-67", "company_id": str(uuid.uuid4())}
    item = f"{API}/candidates/{candidate['id']}"
    response = await client.patch(
        item, json={"contacts": [contact]}, headers=tenant[Role.RECRUITER].headers
    )
    assert_error(response, 400, "invalid_request", field="contacts[0].company_id")
    card = await client.get(item, headers=tenant.admin.headers)
    assert card.json()["contacts"] == candidate["contacts"]
    assert card.json()["version"] == candidate["version"]


async def test_a_customer_cannot_choose_the_status_of_a_vacancy_request(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    setup = Setup(client, tenant)
    position, department = await setup.org("positions"), await setup.org("departments")
    body = {
        "position_id": position["id"],
        "department_id": department["id"],
        "employee_count": 1,
        "priority_code": 1,
    }
    customer = tenant[Role.CUSTOMER].headers
    for status_code in (1, 2, 5):
        response = await client.post(
            f"{API}/vacancies", json={**body, "status_code": status_code}, headers=customer
        )
        assert_error(response, 400, "invalid_request", field="status_code")
    listed = await client.get(f"{API}/vacancies", headers=tenant.admin.headers)
    assert listed.json()["count"] == 0
    created = await client.post(f"{API}/vacancies", json=body, headers=customer)
    assert created.status_code == 201, created.text
    assert created.json()["status"]["code"] == 1
    assert created.json()["hired_count"] == 0
