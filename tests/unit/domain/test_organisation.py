"""Organisation units and skills: name rules, renaming, skill name normalization."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.errors import InvalidInput
from domain.organisation.org_unit import MAX_ORG_UNIT_NAME, OrgKind, OrgUnit, org_unit_name
from domain.organisation.skill import MAX_SKILL_NAME, Skill, normalize_skill_name, skill_name

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
COMPANY = uuid4()


def unit(name: str = "Sales", kind: OrgKind = OrgKind.DEPARTMENT) -> OrgUnit:
    return OrgUnit.create(uuid4(), COMPANY, kind, name, NOW)


def problem_fields(error: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [problem.field for problem in error.value.problems]


# --- org units ------------------------------------------------------------------------------


def test_a_new_unit_is_stripped_at_version_1_and_created_when_updated():
    created = unit("  Отдел продаж  ", OrgKind.POSITION)
    assert created.name == "Отдел продаж"
    assert created.kind is OrgKind.POSITION
    assert created.company_id == COMPANY
    assert created.version == 1
    assert created.created_at == created.updated_at == NOW


@pytest.mark.parametrize("name", ["a", "x" * MAX_ORG_UNIT_NAME, "  " + "x" * MAX_ORG_UNIT_NAME])
def test_names_of_1_to_200_characters_after_strip_are_accepted(name):
    assert org_unit_name(name) == name.strip()


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "x" * (MAX_ORG_UNIT_NAME + 1)])
def test_empty_blank_and_too_long_names_are_refused_on_the_name_field(name):
    with pytest.raises(InvalidInput) as error:
        unit(name)
    assert problem_fields(error) == ["name"]
    assert "1-200" in error.value.problems[0].message


@pytest.mark.parametrize("name", ["Sa\x00les", "Sa\x07les", "Sales\nDept"])
def test_control_characters_are_refused(name):
    with pytest.raises(InvalidInput) as error:
        unit(name)
    assert problem_fields(error) == ["name"]


def test_the_field_path_can_be_chosen_by_the_caller():
    with pytest.raises(InvalidInput) as error:
        org_unit_name("", field="department.name")
    assert problem_fields(error) == ["department.name"]


def test_rename_changes_the_name_bumps_the_version_and_the_update_time():
    renamed = unit("Sales")
    later = NOW + timedelta(minutes=5)
    assert renamed.rename("  Marketing ", later) is True
    assert renamed.name == "Marketing"
    assert renamed.version == 2
    assert renamed.updated_at == later
    assert renamed.created_at == NOW


def test_a_case_only_rename_is_a_change():
    renamed = unit("sales")
    assert renamed.rename("Sales", NOW) is True
    assert (renamed.name, renamed.version) == ("Sales", 2)


def test_renaming_to_the_same_name_changes_nothing():
    same = unit("Sales")
    assert same.rename(" Sales ", NOW + timedelta(hours=1)) is False
    assert (same.name, same.version, same.updated_at) == ("Sales", 1, NOW)


def test_an_invalid_rename_keeps_the_unit_as_it_was():
    kept = unit("Sales")
    with pytest.raises(InvalidInput):
        kept.rename(" ", NOW)
    assert (kept.name, kept.version) == ("Sales", 1)


def test_the_uniqueness_key_ignores_case():
    assert unit("Отдел Продаж").name_key() == unit("отдел продаж").name_key()
    assert unit("Sales").name_key() != unit("Sales 2").name_key()


def test_the_kinds_are_the_three_dictionaries():
    assert [kind.value for kind in OrgKind] == ["department", "position", "grade"]


# --- skills ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        (" Git  Hub", "git hub"),
        ("git hub", "git hub"),
        ("GIT\tHUB\n", "git hub"),
        ("Python", "python"),
        ("Straße", "strasse"),  # case-folded, not only lower-cased
        ("", ""),
    ],
)
def test_normalization_casefolds_and_collapses_whitespace(raw, normalized):
    assert normalize_skill_name(raw) == normalized


def test_equal_spellings_normalize_to_one_name():
    assert normalize_skill_name(" Git  Hub") == normalize_skill_name("git hub")


def test_a_skill_keeps_its_spelling_with_whitespace_collapsed():
    skill = Skill.create(uuid4(), COMPANY, "  Apache   Kafka ", NOW)
    assert skill.name == "Apache Kafka"
    assert skill.normalized_name == "apache kafka"
    assert skill.company_id == COMPANY
    assert skill.created_at == NOW


@pytest.mark.parametrize("name", ["x", "x" * MAX_SKILL_NAME, "a" + " " * 300 + "b"])
def test_skill_names_of_1_to_100_characters_are_accepted(name):
    assert 1 <= len(skill_name(name)) <= MAX_SKILL_NAME


@pytest.mark.parametrize("name", ["", "   ", "x" * (MAX_SKILL_NAME + 1), "C\x00++"])
def test_bad_skill_names_are_refused_on_the_name_field(name):
    with pytest.raises(InvalidInput) as error:
        Skill.create(uuid4(), COMPANY, name, NOW)
    assert problem_fields(error) == ["name"]


def test_a_skill_in_a_payload_reports_its_own_field_path():
    with pytest.raises(InvalidInput) as error:
        Skill.create(uuid4(), COMPANY, " ", NOW, field="skills[2].name")
    assert problem_fields(error) == ["skills[2].name"]
