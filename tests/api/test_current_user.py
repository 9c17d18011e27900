from __future__ import annotations

from domain.identity.role import Role
from tests.support.http import assert_error


async def test_every_role_reads_itself_and_never_a_password_hash(client, tenant):
    for role in Role:
        member = tenant[role]
        response = await client.get("/api/v1/users/current", headers=member.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["id"] == str(member.id)
        assert body["role_code"] == role.value
        assert body["username"] == member.username
        assert "password_hash" not in body and "$2b$" not in response.text


async def test_anonymous_caller_is_refused(client):
    assert_error(await client.get("/api/v1/users/current"), 401, "invalid_token")
