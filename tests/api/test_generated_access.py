"""Generated from tests/api/catalog.py and the domain's permission matrix: every operation x
every role (function-level authorization) and every operation x a foreign company (object-level
authorization, tenancy)."""

from __future__ import annotations

import re

import httpx
import pytest

from domain.identity.role import Role
from tests.api.catalog import OPERATIONS, PUBLIC_OPERATIONS, Operation, Setup
from tests.support.http import assert_error
from tests.support.tenants import Tenant

ROLE_CASES = [
    pytest.param(op, role, id=f"{op.key}-{role.value}") for op in OPERATIONS for role in Role
]
ID_CASES = [pytest.param(op, id=op.key) for op in OPERATIONS if op.takes_owned_id]
LIST_CASES = [pytest.param(op, id=op.key) for op in OPERATIONS if op.is_list]


def _template(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


async def _send(
    client: httpx.AsyncClient, method: str, path: str, json: object, headers: dict[str, str]
):
    if json is None:
        return await client.request(method, path, headers=headers)
    return await client.request(method, path, json=json, headers=headers)


async def test_the_catalog_covers_every_operation_of_the_app(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    served = {
        f"{method.upper()} {_template(path)}"
        for path, item in schema["paths"].items()
        if path.startswith("/api/")
        for method in item
        if method in {"get", "post", "patch", "put", "delete"}
    }
    described = {_template(key) for key in {op.key for op in OPERATIONS} | PUBLIC_OPERATIONS}
    assert served - described == set(), "operations the catalog does not describe"
    assert described - served == set(), "catalog entries the app does not serve"


async def check_role(
    client: httpx.AsyncClient, tenant: Tenant, operation: Operation, role: Role
) -> None:
    """The operation, called by `role`, succeeds if the matrix allows it, else is 403."""
    call = await operation.prepare(Setup(client, tenant))
    response = await _send(client, operation.method, call.path, call.json, tenant[role].headers)
    if role in operation.allowed:
        assert response.status_code == operation.success, (response.status_code, response.text)
    else:
        assert_error(response, 403, "access_denied")


async def check_foreign_company(
    client: httpx.AsyncClient,
    tenant: Tenant,
    other_tenant: Tenant,
    operation: Operation,
    status: int,
    error: str,
    *,
    probed: bool = False,
) -> None:
    """Another company's admin, calling the operation on `tenant`'s row, gets `status` and
    `error`, and the row (its probe, read by its own admin; `probed`: it must have one) is as
    it was."""
    call = await operation.prepare(Setup(client, tenant))
    assert call.probe or not probed, f"{operation.key} has no probe"
    before = (
        (await client.get(call.probe, headers=tenant.admin.headers)).json() if call.probe else None
    )
    response = await _send(
        client, operation.method, call.path, call.json, other_tenant.admin.headers
    )
    assert_error(response, status, error)
    if call.probe:
        after = await client.get(call.probe, headers=tenant.admin.headers)
        assert after.status_code == 200, after.text
        assert after.json() == before


@pytest.mark.parametrize(("operation", "role"), ROLE_CASES)
async def test_role_matrix(
    client: httpx.AsyncClient, tenant: Tenant, operation: Operation, role: Role
) -> None:
    await check_role(client, tenant, operation, role)


@pytest.mark.parametrize("operation", ID_CASES)
async def test_a_foreign_company_gets_not_found_and_changes_nothing(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, operation: Operation
) -> None:
    await check_foreign_company(client, tenant, other_tenant, operation, 404, "not_found")


@pytest.mark.parametrize("operation", LIST_CASES)
async def test_lists_never_show_another_companys_rows(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, operation: Operation
) -> None:
    call = await operation.prepare(Setup(client, tenant))
    own = await client.get(call.path, params={"limit": 200}, headers=tenant.admin.headers)
    assert call.listed_id in {item["id"] for item in own.json()["items"]}
    foreign = await client.get(call.path, params={"limit": 200}, headers=other_tenant.admin.headers)
    assert foreign.status_code == 200, foreign.text
    assert call.listed_id not in {item["id"] for item in foreign.json()["items"]}
