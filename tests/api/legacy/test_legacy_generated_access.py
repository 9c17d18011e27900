"""Generated from tests/api/legacy/catalog.py and the domain's permission matrix: every old
operation x every role, and every old operation x a foreign company (the old "unknown id")."""

from __future__ import annotations

import httpx
import pytest

from domain.identity.role import Role
from tests.api.catalog import Setup
from tests.api.legacy.catalog import LEGACY_OPERATIONS, LEGACY_PUBLIC_OPERATIONS, LegacyOperation
from tests.api.legacy.oracle import operations
from tests.api.test_generated_access import _template, check_foreign_company, check_role
from tests.support.tenants import Tenant

ROLE_CASES = [
    pytest.param(op, role, id=f"{op.key}-{role.value}") for op in LEGACY_OPERATIONS for role in Role
]
ID_CASES = [pytest.param(op, id=op.key) for op in LEGACY_OPERATIONS if op.takes_owned_id]
LIST_CASES = [pytest.param(op, id=op.key) for op in LEGACY_OPERATIONS if op.is_list]


def test_the_catalog_covers_every_operation_of_the_old_document() -> None:
    documented = {_template(f"{method} {path}") for method, path in operations()}
    described = {_template(key) for key in {op.key for op in LEGACY_OPERATIONS}}
    described |= {_template(key) for key in LEGACY_PUBLIC_OPERATIONS}
    assert documented - described == set(), "old operations the catalog does not describe"
    assert described - documented == set(), "catalog entries the old document does not have"


@pytest.mark.parametrize(("operation", "role"), ROLE_CASES)
async def test_role_matrix(
    client: httpx.AsyncClient, tenant: Tenant, operation: LegacyOperation, role: Role
) -> None:
    await check_role(client, tenant, operation, role)


@pytest.mark.parametrize("operation", ID_CASES)
async def test_a_foreign_company_gets_the_old_unknown_id_and_changes_nothing(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, operation: LegacyOperation
) -> None:
    await check_foreign_company(
        client, tenant, other_tenant, operation, 400, "invalid_client", probed=True
    )


@pytest.mark.parametrize("operation", LIST_CASES)
async def test_lists_never_show_another_companys_rows(
    client: httpx.AsyncClient, tenant: Tenant, other_tenant: Tenant, operation: LegacyOperation
) -> None:
    call = await operation.prepare(Setup(client, tenant))
    key = operation.list_key
    own = await client.get(call.path, headers=tenant.admin.headers)
    assert call.listed_id in {item["id"] for item in own.json()[key]}
    foreign = await client.get(call.path, headers=other_tenant.admin.headers)
    assert foreign.status_code == 200, foreign.text
    assert call.listed_id not in {item["id"] for item in foreign.json()[key]}
