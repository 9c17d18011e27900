"""`/vacancies` of the original system: the whole filtered list with its count, the old filter
names (`adress_code`, `date_from` / `date_to` for the creation date), whole-record updates (no
If-Match in the old contract: last writer wins, each write whole), deletes that Gefest keeps
restorable."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from application.caller import Caller
from application.listing import ListRequest
from application.vacancies.create_vacancy import CreateVacancy, CreateVacancyRequest
from application.vacancies.delete_vacancy import DeleteVacancy, DeleteVacancyRequest
from application.vacancies.get_vacancy import GetVacancy
from application.vacancies.list_vacancies import ListVacancies
from application.vacancies.update_vacancy import UpdateVacancy, UpdateVacancyRequest
from application.vacancies.views import VacancyFilters
from entrypoints.legacy.paging import every_page
from entrypoints.legacy.query import Code, Money
from entrypoints.legacy.schemas.common import IdAnswer, path_id
from entrypoints.legacy.schemas.vacancies import (
    OldNewVacancy,
    OldVacancy,
    OldVacancyList,
    OldVacancyUpdate,
    old_vacancy,
    skill_inputs,
)


def _terms(body: OldNewVacancy) -> dict[str, Any]:
    """The vacancy as a create and an update take it, under Gefest's names."""
    return {
        "position_id": body.position_id,
        "department_id": body.department_id,
        "priority_code": body.priority_code,
        "employee_count": body.employee_count,
        "grade_id": body.grade_id,
        "salary_from": body.salary_from,
        "salary_to": body.salary_to,
        "deadline": body.deadline,
        "address_code": body.adress_code,
        "project": body.project,
        "skills": skill_inputs(body.skills),
    }


class LegacyVacancyController(Controller):
    path = "/vacancies"

    @get("/", operation_id="legacyListVacancies")
    async def list_vacancies(
        self,
        caller: FromDishka[Caller],
        use_case: FromDishka[ListVacancies],
        recruiter_id: FromQuery[UUID | None] = None,
        department_id: FromQuery[UUID | None] = None,
        position_id: FromQuery[UUID | None] = None,
        grade_id: FromQuery[UUID | None] = None,
        priority_code: Code = None,
        adress_code: Code = None,
        status_code: Code = None,
        date_from: FromQuery[date | None] = None,
        date_to: FromQuery[date | None] = None,
        salary_from: Money = None,
        salary_to: Money = None,
    ) -> OldVacancyList:
        filters = VacancyFilters(
            recruiter_id=recruiter_id,
            department_id=department_id,
            position_id=position_id,
            grade_id=grade_id,
            priority_code=priority_code,
            address_code=adress_code,
            status_code=status_code,
            created_from=date_from,
            created_to=date_to,
            salary_from=salary_from,
            salary_to=salary_to,
        )

        async def fetch(limit: int, offset: int):
            request = ListRequest(filters=filters, limit=limit, offset=offset)
            return await use_case.execute(caller, request)

        vacancies, count = await every_page(fetch, old_vacancy)
        return OldVacancyList(vacancies=vacancies, count=count)

    @get("/{vacancy_id:str}", operation_id="legacyGetVacancy")
    async def get_vacancy(
        self,
        vacancy_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[GetVacancy],
    ) -> OldVacancy:
        return old_vacancy(await use_case.execute(caller, path_id(vacancy_id)))

    @post("/", operation_id="legacyCreateVacancy", status_code=200)
    async def create_vacancy(
        self,
        data: JSONBody[OldNewVacancy],
        caller: FromDishka[Caller],
        use_case: FromDishka[CreateVacancy],
    ) -> IdAnswer:
        request = CreateVacancyRequest(**_terms(data))
        return IdAnswer((await use_case.execute(caller, request)).id)

    @patch("/{vacancy_id:str}", operation_id="legacyUpdateVacancy")
    async def update_vacancy(
        self,
        vacancy_id: FromPath[str],
        data: JSONBody[OldVacancyUpdate],
        caller: FromDishka[Caller],
        use_case: FromDishka[UpdateVacancy],
    ) -> IdAnswer:
        """The old update sends the whole record: fields it leaves out are cleared."""
        request = UpdateVacancyRequest(
            vacancy_id=path_id(vacancy_id),
            status_code=data.status_code,
            recruiter_id=data.recruiter_id,
            **_terms(data),
        )
        return IdAnswer((await use_case.execute(caller, request)).id)

    @delete("/{vacancy_id:str}", operation_id="legacyDeleteVacancy", status_code=200)
    async def delete_vacancy(
        self,
        vacancy_id: FromPath[str],
        caller: FromDishka[Caller],
        use_case: FromDishka[DeleteVacancy],
    ) -> IdAnswer:
        target = path_id(vacancy_id)
        await use_case.execute(caller, DeleteVacancyRequest(target))
        return IdAnswer(target)
