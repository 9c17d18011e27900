from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.errors import InvalidInput
from domain.vacancies.vacancy import (
    MAX_PROJECT_LENGTH,
    MAX_SALARY,
    REQUEST_STATUS_CODE,
    Vacancy,
    VacancyTerms,
    check_terms,
)

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


def terms(**changes) -> VacancyTerms:
    base = VacancyTerms(
        position_id=uuid4(),
        department_id=uuid4(),
        priority_code=2,
        employee_count=3,
    )
    return replace(base, **changes)


def new_vacancy(**changes) -> Vacancy:
    return Vacancy.request(uuid4(), uuid4(), uuid4(), terms(**changes), NOW)


def fields_of(error: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [problem.field for problem in error.value.problems]


def test_a_new_vacancy_is_a_request_at_version_1_whatever_status_it_was_given():
    vacancy = new_vacancy(status_code=3, deadline=date(2027, 1, 31))
    assert vacancy.terms.status_code == REQUEST_STATUS_CODE == 1
    assert vacancy.version == 1
    assert vacancy.created_at == vacancy.updated_at == NOW
    assert vacancy.terms.deadline == date(2027, 1, 31)
    assert not vacancy.is_deleted


@pytest.mark.parametrize(
    ("salary_from", "salary_to"),
    [(None, None), (1, None), (None, 1), (100, 100), (100, 200), (MAX_SALARY, MAX_SALARY)],
)
def test_salaries_that_make_a_range(salary_from, salary_to):
    vacancy = new_vacancy(salary_from=salary_from, salary_to=salary_to)
    assert (vacancy.terms.salary_from, vacancy.terms.salary_to) == (salary_from, salary_to)


@pytest.mark.parametrize(
    ("salary_from", "salary_to", "field"),
    [
        (0, None, "salary_from"),
        (-5, None, "salary_from"),
        (None, 0, "salary_to"),
        (None, -1, "salary_to"),
        (MAX_SALARY + 1, None, "salary_from"),
        (200, 100, "salary_to"),
    ],
)
def test_salaries_that_break_the_range_rule(salary_from, salary_to, field):
    with pytest.raises(InvalidInput) as error:
        new_vacancy(salary_from=salary_from, salary_to=salary_to)
    assert fields_of(error) == [field]


@pytest.mark.parametrize("count", [1, 500, 1000])
def test_employee_count_within_1_to_1000(count):
    assert new_vacancy(employee_count=count).terms.employee_count == count


@pytest.mark.parametrize("count", [0, -1, 1001])
def test_employee_count_outside_1_to_1000(count):
    with pytest.raises(InvalidInput) as error:
        new_vacancy(employee_count=count)
    assert fields_of(error) == ["employee_count"]


@pytest.mark.parametrize("deadline", [date(1900, 1, 1), date(2026, 1, 1), date(2999, 12, 31)])
def test_a_deadline_within_the_calendar_span_is_kept(deadline):
    assert new_vacancy(deadline=deadline).terms.deadline == deadline


@pytest.mark.parametrize("deadline", [date.min, date(1899, 12, 31), date(3000, 1, 1), date.max])
def test_a_deadline_outside_the_calendar_span_is_refused(deadline):
    with pytest.raises(InvalidInput) as error:
        new_vacancy(deadline=deadline)
    assert fields_of(error) == ["deadline"]


def test_project_is_stripped_blank_means_none_and_at_most_500_characters():
    assert new_vacancy(project="  Apollo  ").terms.project == "Apollo"
    assert new_vacancy(project="   ").terms.project is None
    assert new_vacancy(project="x" * MAX_PROJECT_LENGTH).terms.project == "x" * MAX_PROJECT_LENGTH
    with pytest.raises(InvalidInput) as error:
        new_vacancy(project="x" * (MAX_PROJECT_LENGTH + 1))
    assert fields_of(error) == ["project"]
    with pytest.raises(InvalidInput):
        new_vacancy(project="bad\x00byte")


def test_every_problem_is_reported_at_once():
    with pytest.raises(InvalidInput) as error:
        check_terms(terms(salary_from=0, salary_to=-1, employee_count=0, project="x" * 501))
    assert sorted(fields_of(error)) == ["employee_count", "project", "salary_from", "salary_to"]


def test_skills_are_a_list_without_repeats_in_the_given_order():
    a, b = uuid4(), uuid4()
    assert new_vacancy(skill_ids=(a, b, a)).terms.skill_ids == (a, b)


def test_update_replaces_the_terms_bumps_the_version_and_may_change_the_status():
    vacancy = new_vacancy(project="Apollo")
    recruiter = uuid4()
    vacancy.update(replace(vacancy.terms, status_code=2, recruiter_id=recruiter), LATER)
    assert vacancy.terms.status_code == 2
    assert vacancy.terms.recruiter_id == recruiter
    assert vacancy.terms.project == "Apollo"
    assert vacancy.version == 2
    assert vacancy.updated_at == LATER
    assert vacancy.created_at == NOW


def test_an_invalid_update_changes_nothing():
    vacancy = new_vacancy(salary_from=100, salary_to=200)
    with pytest.raises(InvalidInput):
        vacancy.update(replace(vacancy.terms, salary_from=300), LATER)
    assert (vacancy.terms.salary_from, vacancy.terms.salary_to, vacancy.version) == (100, 200, 1)


def test_soft_delete_and_restore_bump_the_version():
    vacancy = new_vacancy()
    vacancy.soft_delete(LATER)
    assert vacancy.is_deleted and vacancy.deleted_at == LATER and vacancy.version == 2
    vacancy.restore(LATER + timedelta(minutes=1))
    assert not vacancy.is_deleted and vacancy.version == 3
    assert vacancy.updated_at == LATER + timedelta(minutes=1)


def test_terms_round_trip():
    vacancy = new_vacancy(salary_from=1, salary_to=2, address_code=5, skill_ids=(uuid4(),))
    assert check_terms(vacancy.terms) == vacancy.terms
