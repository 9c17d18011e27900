"""Assertions on the API's error envelope, used by every API test."""

from __future__ import annotations

from typing import Any

import httpx


def assert_error(
    response: httpx.Response, status: int, code: str, field: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text)
    body = response.json()
    assert body["error"] == code, body
    assert isinstance(body["error_description"], str) and body["error_description"]
    if field is not None:
        fields = [detail["field"] for detail in body.get("details", [])]
        assert field in fields, (field, fields)
    return body
