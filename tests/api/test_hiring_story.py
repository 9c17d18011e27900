"""A whole hiring story, told through the API the way the frontend would tell it.

A customer (the hiring manager) files a vacancy request; a recruiter takes it; two candidates
go through the interview stages; one accepts the offer, the other is turned down. The vacancy's
`hired_count` follows the interviews: into stage 10 ("Оффер принят"), out of it, and away with
a deleted interview.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import httpx

from domain.identity.role import Role
from tests.support.tenants import Tenant

API = "/api/v1"

# interview stages (reference `interview-stages`)
NEW, HR_INTERVIEW, TECH_INTERVIEW, DECISION, OFFER = 1, 4, 5, 6, 7
CANDIDATE_DECLINED, COMPANY_DECLINED, OFFER_ACCEPTED = 8, 9, 10


class Office:
    """The company's people, each speaking to the API as themselves."""

    def __init__(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        self.client = client
        self.tenant = tenant

    async def send(
        self, role: Role, method: str, path: str, body: Any = None, expect: int = 200
    ) -> Any:
        response = await self.client.request(
            method, API + path, json=body, headers=self.tenant[role].headers
        )
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response.json() if response.content else None

    async def move(self, role: Role, interview: dict[str, Any], stage: int, note: str) -> dict:
        return await self.send(
            role,
            "POST",
            f"/interviews/{interview['id']}/stage-results",
            {"new_stage_code": stage, "note": note},
            expect=201,
        )

    async def hired_count(self, vacancy: dict[str, Any]) -> int:
        return (await self.send(Role.CUSTOMER, "GET", f"/vacancies/{vacancy['id']}"))["hired_count"]


async def test_a_vacancy_from_request_to_hire(client: httpx.AsyncClient, tenant: Tenant) -> None:
    office = Office(client, tenant)
    customer, recruiter, manager = Role.CUSTOMER, Role.RECRUITER, Role.MANAGER

    # The organisation the vacancy belongs to.
    engineering = await office.send(
        Role.ADMIN, "POST", "/departments", {"name": "Engineering"}, 201
    )
    backend = await office.send(
        Role.ADMIN, "POST", "/positions", {"name": "Backend developer"}, 201
    )

    # 1. The customer files a vacancy request.
    vacancy = await office.send(
        customer,
        "POST",
        "/vacancies",
        {
            "position_id": backend["id"],
            "department_id": engineering["id"],
            "priority_code": 3,
            "employee_count": 1,
            "deadline": "2027-03-31",
            "project": "Payments platform",
        },
        expect=201,
    )
    assert vacancy["status"] == {"code": 1, "value": "Заявка"}
    assert vacancy["recruiter"] is None
    assert vacancy["hired_count"] == 0
    assert vacancy["created_by"]["id"] == str(tenant[customer].id)

    # 2. A recruiter takes the request: assigns themself and puts it to work.
    vacancy = await office.send(
        recruiter,
        "PATCH",
        f"/vacancies/{vacancy['id']}",
        {"recruiter_id": str(tenant[recruiter].id), "status_code": 2},
    )
    assert vacancy["status"] == {"code": 2, "value": "В работе"}
    assert vacancy["recruiter"]["id"] == str(tenant[recruiter].id)

    # 3. Two candidates apply and enter the pipeline at stage "Новый".
    anna = await office.send(
        recruiter,
        "POST",
        "/candidates",
        {"first_name": "Анна", "last_name": "Смирнова", "position_id": backend["id"]},
        expect=201,
    )
    boris = await office.send(
        recruiter,
        "POST",
        "/candidates",
        {"first_name": "Борис", "last_name": "Кузнецов", "position_id": backend["id"]},
        expect=201,
    )
    pair = {"vacancy_id": vacancy["id"]}
    anna_interview = await office.send(
        recruiter, "POST", "/interviews", {**pair, "candidate_id": anna["id"]}, 201
    )
    boris_interview = await office.send(
        recruiter, "POST", "/interviews", {**pair, "candidate_id": boris["id"]}, 201
    )
    for interview in (anna_interview, boris_interview):
        assert interview["stage"] == {"code": NEW, "value": "Новый", "parent_code": None}
        assert interview["vacancy"]["position"] == {
            "id": backend["id"],
            "name": "Backend developer",
        }

    # 4. Both are interviewed: HR, then the technical interview.
    for interview in (anna_interview, boris_interview):
        await office.move(recruiter, interview, HR_INTERVIEW, "HR call went well")
        await office.move(manager, interview, TECH_INTERVIEW, "Tech interview booked")

    # 5. Boris is turned down; Anna gets an offer and accepts it.
    await office.move(manager, boris_interview, COMPANY_DECLINED, "Not enough SQL")
    await office.move(manager, anna_interview, DECISION, "Strong candidate")
    await office.move(recruiter, anna_interview, OFFER, "Offer sent")
    assert await office.hired_count(vacancy) == 0
    hired = await office.move(recruiter, anna_interview, OFFER_ACCEPTED, "Signed!")
    assert hired["old_stage"]["code"] == OFFER
    assert hired["new_stage"] == {"code": OFFER_ACCEPTED, "value": "Оффер принят", "parent_code": 3}

    # The vacancy counts one hire; the customer follows the pipeline.
    assert await office.hired_count(vacancy) == 1
    board = await office.send(customer, "GET", f"/interviews?vacancy_id={vacancy['id']}")
    assert board["count"] == 2
    stages = {item["candidate"]["last_name"]: item["stage"]["code"] for item in board["items"]}
    assert stages == {"Смирнова": OFFER_ACCEPTED, "Кузнецов": COMPANY_DECLINED}

    # Anna's history reads as a chain from "Новый" to "Оффер принят".
    history = (
        await office.send(customer, "GET", f"/interviews/{anna_interview['id']}/stage-results")
    )["items"]
    path = [(r["old_stage"]["code"], r["new_stage"]["code"]) for r in history]
    assert path == [
        (NEW, HR_INTERVIEW),
        (HR_INTERVIEW, TECH_INTERVIEW),
        (TECH_INTERVIEW, DECISION),
        (DECISION, OFFER),
        (OFFER, OFFER_ACCEPTED),
    ]
    assert all(previous[1] == current[0] for previous, current in pairwise(path))
    assert [r["note"] for r in history][-1] == "Signed!"

    # 6. Anna changes her mind: out of stage 10, the hire is no longer counted...
    await office.move(recruiter, anna_interview, CANDIDATE_DECLINED, "Took another offer")
    assert await office.hired_count(vacancy) == 0
    # ...she comes back after all...
    await office.move(recruiter, anna_interview, OFFER_ACCEPTED, "Back on board")
    assert await office.hired_count(vacancy) == 1

    # 7. ...and when her interview is deleted, the hire goes with it; a restore brings it back.
    await office.send(recruiter, "DELETE", f"/interviews/{anna_interview['id']}", expect=204)
    assert await office.hired_count(vacancy) == 0
    restored = await office.send(recruiter, "POST", f"/interviews/{anna_interview['id']}/restore")
    assert restored["stage"]["code"] == OFFER_ACCEPTED
    assert await office.hired_count(vacancy) == 1
