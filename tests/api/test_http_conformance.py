"""What schema fuzzing (`make fuzz`) found, pinned down: the HTTP answers and the schema agree."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.support.tenants import Tenant

METHODS = ("get", "post", "put", "patch", "delete")
SOME_ID = "01a22749-ff43-7963-89c4-a2bed12e2b4f"


@pytest.fixture
async def schema(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/v1/departments", "GET, OPTIONS, POST"),
        ("/api/v1/departments/{id}", "DELETE, GET, OPTIONS, PATCH"),
        ("/api/v1/candidates", "GET, OPTIONS, POST"),
        ("/api/v1/candidates/{id}", "DELETE, GET, OPTIONS, PATCH"),
        ("/api/v1/sessions", "DELETE, OPTIONS, PATCH, POST"),
        ("/api/v1/users/current", "GET, OPTIONS"),
    ],
)
async def test_options_names_every_method_of_the_path(
    client: httpx.AsyncClient, tenant: Tenant, path: str, allowed: str
):
    url = path.replace("{id}", SOME_ID)
    response = await client.options(url, headers=tenant.admin.headers)
    assert response.status_code == 204
    assert response.headers["allow"] == allowed


async def test_every_path_answers_options_with_the_methods_the_schema_documents(
    client: httpx.AsyncClient, tenant: Tenant, schema: dict[str, Any]
):
    wrong = []
    for path, item in schema["paths"].items():
        documented = {m.upper() for m in item if m in METHODS} | {"OPTIONS"}
        url = re.sub(r"\{[a-z_]+\}", SOME_ID, path.replace("{name}", "roles"))
        response = await client.options(url, headers=tenant.admin.headers)
        allowed = {m.strip() for m in response.headers.get("allow", "").split(",") if m.strip()}
        if allowed - {"HEAD"} != documented:
            wrong.append((path, sorted(allowed), sorted(documented)))
    assert wrong == []


async def test_empty_answers_are_documented_without_a_body(schema: dict[str, Any]):
    with_content = [
        (method, path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS and "content" in operation["responses"].get("204", {})
    ]
    assert with_content == []
    logout = schema["paths"]["/api/v1/sessions/all"]["delete"]["responses"]
    assert "204" in logout


async def test_a_zero_lower_bound_of_a_query_parameter_is_in_the_schema(schema: dict[str, Any]):
    def bounds(path: str) -> dict[str, Any]:
        parameters = schema["paths"][path]["get"]["parameters"]
        return {p["name"]: p["schema"].get("minimum") for p in parameters}

    candidates, vacancies = bounds("/api/v1/candidates"), bounds("/api/v1/vacancies")
    assert candidates["salary_from"] == candidates["salary_to"] == 0
    assert candidates["address_code"] == 0
    assert vacancies["salary_from"] == vacancies["salary_to"] == 0
    assert candidates["offset"] == 0


async def test_a_negative_salary_bound_is_refused_as_the_schema_says(
    client: httpx.AsyncClient, tenant: Tenant
):
    response = await client.get(
        "/api/v1/candidates", params={"salary_to": -1}, headers=tenant.admin.headers
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


async def test_a_skill_item_takes_exactly_one_of_id_and_name_in_named_branches(
    schema: dict[str, Any],
):
    components = schema["components"]["schemas"]
    for name, base in (("SkillItem", "Skill"), ("CandidateSkillItem", "CandidateSkill")):
        branches = [b["$ref"].rsplit("/", 1)[-1] for b in components[name]["oneOf"]]
        assert branches == [f"{base}ById", f"{base}ByName"], name
        by_id, by_name = (components[b] for b in branches)
        assert by_id["required"] == ["id"] and by_name["required"] == ["name"]
        # given and not null; the other one absent or null, as the decoder reads it
        assert by_id["properties"]["id"] == {"type": "string", "format": "uuid"}
        assert by_id["properties"]["name"] == {"type": "null"}
        assert by_name["properties"]["id"] == {"type": "null"}
        assert by_name["properties"]["name"]["type"] == "string"


async def test_a_skill_given_by_id_and_a_null_name_is_taken_as_the_schema_says(
    client: httpx.AsyncClient, tenant: Tenant
):
    skill = await client.post(
        "/api/v1/skills", json={"name": "Kotlin"}, headers=tenant.admin.headers
    )
    assert skill.status_code == 201, skill.text
    by_id = {"id": skill.json()["id"], "name": None}
    body = {"first_name": "Анна", "last_name": "Орлова", "skills": [by_id]}
    created = await client.post("/api/v1/candidates", json=body, headers=tenant.admin.headers)
    assert created.status_code == 201, created.text
    assert [s["name"] for s in created.json()["skills"]] == ["Kotlin"]
    both = {**body, "skills": [{"id": skill.json()["id"], "name": "Kotlin"}]}
    refused = await client.post("/api/v1/candidates", json=both, headers=tenant.admin.headers)
    assert refused.status_code == 400


async def test_the_references_schema_names_its_dictionaries_and_its_304(
    client: httpx.AsyncClient, tenant: Tenant, schema: dict[str, Any]
):
    operation = schema["paths"]["/api/v1/refs/{name}"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert "roles" in parameters["name"]["schema"]["enum"]
    assert "If-None-Match" in parameters
    assert "content" not in operation["responses"]["304"]
    first = await client.get("/api/v1/refs/roles", headers=tenant.admin.headers)
    again = await client.get(
        "/api/v1/refs/roles",
        headers={**tenant.admin.headers, "If-None-Match": first.headers["etag"]},
    )
    assert again.status_code == 304
    assert again.content == b""


async def test_links_lead_from_a_vacancy_and_an_interview_to_new_ones(schema: dict[str, Any]):
    vacancy = schema["paths"]["/api/v1/vacancies/{id}"]["get"]["responses"]["200"]["links"]
    interview = schema["paths"]["/api/v1/interviews/{id}"]["get"]["responses"]["200"]["links"]
    create_vacancy = schema["paths"]["/api/v1/vacancies"]["post"]["operationId"]
    start_interview = schema["paths"]["/api/v1/interviews"]["post"]["operationId"]
    assert vacancy["OpenVacancyLikeThis"]["operationId"] == create_vacancy
    assert vacancy["OpenVacancyLikeThis"]["requestBody"]["position_id"] == (
        "$response.body#/position/id"
    )
    assert interview["StartInterviewOfThePair"]["operationId"] == start_interview
