"""The Candidate aggregate: every rule of API.md, the child-list rule, versions, soft delete."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.candidates.candidate import Candidate
from domain.candidates.contacts import CONTACT_KINDS, ContactDraft, ContactKind, kind_of, phone
from domain.candidates.languages import LanguageDraft
from domain.candidates.values import MAX_SALARY, person_name
from domain.candidates.work_places import WorkPlaceDraft
from domain.errors import InvalidInput, RuleConflict

NOW = datetime(2026, 11, 29, 10, 15, tzinfo=UTC)
TODAY = NOW.date()
COMPANY = uuid4()
AUTHOR = uuid4()
MOBILE, HOME_PHONE, EMAIL, TELEGRAM, WHATSAPP, VIBER = 1, 2, 3, 4, 5, 6


class Ids:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> UUID:
        self.count += 1
        return UUID(int=self.count)


def create(**fields: Any) -> Candidate:
    values: dict[str, Any] = {"first_name": "Иван", "last_name": "Петров"}
    values.update(fields)
    return Candidate.create(
        id=uuid4(),
        company_id=COMPANY,
        created_by=AUTHOR,
        now=NOW,
        today=TODAY,
        new_id=Ids(),
        **values,
    )


def problems_of(error: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {problem.field: problem.message for problem in error.value.problems}


def fields_of(error: pytest.ExceptionInfo[InvalidInput]) -> set[str]:
    return set(problems_of(error))


def update(candidate: Candidate, **changes: Any) -> bool:
    return candidate.update(changes, now=NOW + timedelta(minutes=1), today=TODAY, new_id=uuid4)


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Ёлкин", "O'Neil", "Анна-Мария", "Jean Luc", "D’Artagnan", "Zoë", "李", "Ólafur", "X"],
)
def test_names_of_any_script_with_space_hyphen_and_apostrophe_are_valid(name):
    candidate = create(first_name=name, last_name=name, middle_name=name)
    assert (candidate.first_name, candidate.last_name, candidate.middle_name) == (name,) * 3


@pytest.mark.parametrize(
    "name",
    ["R2D2", "Ivan!", "Петров1", "a@b", "Anna_Maria", "-Anna", "Anna-", "'Neil", "Anna.", "😀"],
)
def test_names_with_digits_symbols_or_a_leading_or_trailing_mark_are_refused(name):
    with pytest.raises(InvalidInput) as error:
        create(first_name=name, last_name=name, middle_name=name)
    assert fields_of(error) == {"first_name", "last_name", "middle_name"}


def test_names_are_trimmed_collapsed_and_composed():
    decomposed = "E\u0308lkin"  # "Ëlkin" typed as E + combining diaeresis
    assert person_name(f"  {decomposed}  ", "f") == "\u00cblkin"
    assert person_name("Анна   Мария", "f") == "Анна Мария"
    assert person_name("प्रिया", "f") == "प्रिया"  # vowel signs are marks, not letters


def test_name_length_is_1_to_100():
    assert create(first_name="Я" * 100).first_name == "Я" * 100
    for bad in ("", "   ", "Я" * 101):
        with pytest.raises(InvalidInput) as error:
            create(first_name=bad)
        assert fields_of(error) == {"first_name"}


def test_blank_middle_name_means_none_and_first_and_last_name_are_required():
    assert create(middle_name="  ").middle_name is None
    candidate = create()
    with pytest.raises(InvalidInput) as error:
        update(candidate, first_name=None, last_name=None)
    assert problems_of(error) == {"first_name": "required", "last_name": "required"}


# --- birth date and salary -------------------------------------------------------------------


def test_birth_date_is_in_the_past_and_the_person_14_to_100():
    assert create(birth_date=date(2012, 11, 29)).birth_date == date(2012, 11, 29)  # 14 today
    assert create(birth_date=date(1926, 11, 30)).birth_date == date(1926, 11, 30)  # 100 today
    for bad in (TODAY, TODAY + timedelta(days=1), date(2012, 11, 30), date(1925, 11, 28)):
        with pytest.raises(InvalidInput) as error:
            create(birth_date=bad)
        assert fields_of(error) == {"birth_date"}, bad


def test_min_salary_is_positive_and_bounded():
    assert create(min_salary=1).min_salary == 1
    assert create(min_salary=MAX_SALARY).min_salary == MAX_SALARY
    for bad in (0, -5, MAX_SALARY + 1):
        with pytest.raises(InvalidInput) as error:
            create(min_salary=bad)
        assert fields_of(error) == {"min_salary"}


# --- contacts --------------------------------------------------------------------------------


def test_the_contact_kind_of_every_reference_code_is_defined_in_one_place():
    assert CONTACT_KINDS[EMAIL] is ContactKind.EMAIL
    assert {CONTACT_KINDS[c] for c in (MOBILE, HOME_PHONE, WHATSAPP, VIBER)} == {ContactKind.PHONE}
    assert kind_of(TELEGRAM) is ContactKind.HANDLE
    assert kind_of(999) is ContactKind.HANDLE  # a type added later holds free text


def test_contacts_are_normalized_by_type():
    candidate = create(
        contacts=[
            ContactDraft(EMAIL, "  Ivan.Petrov@Example.COM "),
            ContactDraft(MOBILE, "8 (916) 123-45-67"),
            ContactDraft(HOME_PHONE, "+44 20 7946 0958"),
            ContactDraft(TELEGRAM, "  @ivan_petrov "),
            ContactDraft(WHATSAPP, "+7-916-123-45-67", is_priority=True),
        ]
    )
    assert [c.value for c in candidate.contacts] == [
        "ivan.petrov@example.com",
        "+79161234567",
        "+442079460958",
        "@ivan_petrov",
        "+79161234567",
    ]
    assert [c.is_priority for c in candidate.contacts] == [False, False, False, False, True]


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("89161234567", "+79161234567"),
        ("+89161234567", "+89161234567"),  # with a "+" it is already international
        ("9161234567", "+9161234567"),
        ("+1 (555) 010-0000", "+15550100000"),
        ("123456789012345", "+123456789012345"),
    ],
)
def test_phone_normalization(raw, normalized):
    assert phone(raw) == normalized


@pytest.mark.parametrize(
    "raw", ["12345", "+1234567890123456", "916 ABC 45 67", "+", "", "++79161234567"]
)
def test_bad_phones_are_refused(raw):
    with pytest.raises(InvalidInput):
        phone(raw)


def test_every_bad_contact_is_reported_at_its_path():
    with pytest.raises(InvalidInput) as error:
        create(
            contacts=[
                ContactDraft(MOBILE, "+79161234567"),
                ContactDraft(EMAIL, "not-an-email"),
                ContactDraft(MOBILE, "call me"),
                ContactDraft(TELEGRAM, "   "),
                ContactDraft(TELEGRAM, "x" * 256),
                ContactDraft(TELEGRAM, "bad\x00byte"),
            ]
        )
    assert fields_of(error) == {f"contacts[{i}].value" for i in range(1, 6)}


def test_at_most_one_priority_contact():
    with pytest.raises(InvalidInput) as error:
        create(
            contacts=[
                ContactDraft(EMAIL, "a@example.com", is_priority=True),
                ContactDraft(MOBILE, "+79161234567"),
                ContactDraft(TELEGRAM, "@a", is_priority=True),
            ]
        )
    assert fields_of(error) == {"contacts[2].is_priority"}


# --- work places -----------------------------------------------------------------------------


def test_work_periods_and_is_actual_derived_when_omitted():
    candidate = create(
        work_places=[
            WorkPlaceDraft("Developer", "Acme", date(2015, 1, 1), date(2018, 12, 31)),
            WorkPlaceDraft("Lead", "Initech", date(2019, 1, 1)),
            WorkPlaceDraft(" Architect ", " Globex ", TODAY, TODAY, is_actual=False),
            WorkPlaceDraft("CTO", "Hooli", TODAY, None, is_actual=True),
        ]
    )
    assert [(w.work_to, w.is_actual) for w in candidate.work_places] == [
        (date(2018, 12, 31), False),
        (None, True),
        (TODAY, False),
        (None, True),
    ]
    assert (candidate.work_places[2].position, candidate.work_places[2].company) == (
        "Architect",
        "Globex",
    )


def test_work_dates_before_1900_are_refused_and_1900_itself_is_kept():
    # date.min would also reach PostgreSQL as -infinity, which no card could be read back with
    with pytest.raises(InvalidInput) as error:
        create(
            work_places=[
                WorkPlaceDraft("Dev", "Acme", date.min, date.min),
                WorkPlaceDraft("Dev", "Acme", date(1899, 12, 31), date(1950, 1, 1)),
            ]
        )
    assert fields_of(error) == {
        "work_places[0].work_from",
        "work_places[0].work_to",
        "work_places[1].work_from",
    }
    kept = create(work_places=[WorkPlaceDraft("Dev", "Acme", date(1900, 1, 1), date(1900, 1, 1))])
    assert kept.work_places[0].work_from == date(1900, 1, 1)


def test_every_bad_work_place_is_reported_at_its_path():
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(InvalidInput) as error:
        create(
            work_places=[
                WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1), date(2019, 1, 1)),
                WorkPlaceDraft("Dev", "Acme", tomorrow),
                WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1), tomorrow),
                WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1), date(2021, 1, 1), is_actual=True),
                WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1), None, is_actual=False),
                WorkPlaceDraft("", "x" * 201, date(2020, 1, 1)),
            ]
        )
    assert fields_of(error) == {
        "work_places[0].work_to",
        "work_places[1].work_from",
        "work_places[2].work_to",
        "work_places[3].is_actual",
        "work_places[4].is_actual",
        "work_places[5].position",
        "work_places[5].company",
    }


# --- languages, notes, skills ----------------------------------------------------------------


def test_a_language_appears_once():
    candidate = create(languages=[LanguageDraft(1, 6), LanguageDraft(2, 3)])
    assert [(x.language_code, x.level_code) for x in candidate.languages] == [(1, 6), (2, 3)]
    with pytest.raises(InvalidInput) as error:
        create(languages=[LanguageDraft(1, 6), LanguageDraft(2, 3), LanguageDraft(1, 2)])
    assert fields_of(error) == {"languages[2].language_code"}


def test_notes_are_written_by_the_creator_and_are_1_to_10000_characters():
    candidate = create(notes=["  Good fit\nfor the team  ", "Я" * 10_000])
    assert [n.text for n in candidate.notes] == ["Good fit\nfor the team", "Я" * 10_000]
    assert {(n.author_id, n.created_at) for n in candidate.notes} == {(AUTHOR, NOW)}
    with pytest.raises(InvalidInput) as error:
        create(notes=["ok", " ", "Я" * 10_001, "nul\x00"])
    assert fields_of(error) == {"notes[1].text", "notes[2].text", "notes[3].text"}


def test_skills_are_a_set_and_languages_are_ordered_by_language():
    a, b = uuid4(), uuid4()
    assert create(skill_ids=[a, b, a]).skill_ids == sorted([a, b])
    candidate = create(languages=[LanguageDraft(3, 1), LanguageDraft(1, 2)])
    assert [x.language_code for x in candidate.languages] == [1, 3]
    assert update(candidate, skill_ids=[b, a], languages=[]) is True
    assert update(candidate, skill_ids=[a, b]) is False


# --- all problems at once --------------------------------------------------------------------


def test_every_problem_of_a_payload_is_reported_together():
    with pytest.raises(InvalidInput) as error:
        create(
            first_name="R2D2",
            last_name="",
            birth_date=TODAY,
            min_salary=0,
            contacts=[ContactDraft(EMAIL, "nope")],
            work_places=[WorkPlaceDraft("Dev", "Acme", TODAY + timedelta(days=1))],
            languages=[LanguageDraft(1, 1), LanguageDraft(1, 2)],
            notes=[""],
        )
    assert fields_of(error) == {
        "first_name",
        "last_name",
        "birth_date",
        "min_salary",
        "contacts[0].value",
        "work_places[0].work_from",
        "languages[1].language_code",
        "notes[0].text",
    }


# --- update and the child-list rule ----------------------------------------------------------


def test_a_new_candidate_is_version_1_and_every_change_bumps_it():
    candidate = create()
    assert (candidate.version, candidate.updated_at) == (1, NOW)
    assert update(candidate, middle_name="Сергеевич") is True
    assert (candidate.version, candidate.middle_name) == (2, "Сергеевич")
    assert candidate.updated_at == NOW + timedelta(minutes=1)


def test_absent_fields_stay_null_clears_and_same_values_change_nothing():
    position = uuid4()
    candidate = create(middle_name="Сергеевич", min_salary=100_000, position_id=position)
    assert update(candidate, middle_name="Сергеевич", min_salary=100_000) is False
    assert candidate.version == 1
    assert update(candidate, min_salary=None, position_id=None) is True
    assert (candidate.middle_name, candidate.min_salary, candidate.position_id) == (
        "Сергеевич",
        None,
        None,
    )


def test_a_failed_update_changes_nothing():
    candidate = create(contacts=[ContactDraft(EMAIL, "a@example.com")])
    before = (candidate.first_name, list(candidate.contacts), candidate.version)
    with pytest.raises(InvalidInput):
        update(candidate, first_name="Пётр", contacts=[ContactDraft(EMAIL, "broken")])
    assert (candidate.first_name, list(candidate.contacts), candidate.version) == before


def test_child_list_updates_by_id_adds_without_id_and_removes_the_missing():
    candidate = create(
        contacts=[
            ContactDraft(EMAIL, "keep@example.com"),
            ContactDraft(MOBILE, "+79161234567"),
            ContactDraft(TELEGRAM, "@gone"),
        ]
    )
    kept, changed, removed = (c.id for c in candidate.contacts)
    assert update(
        candidate,
        contacts=[
            ContactDraft(MOBILE, "8 916 000 00 00", is_priority=True, id=changed),
            ContactDraft(EMAIL, "keep@example.com", id=kept),
            ContactDraft(TELEGRAM, "@new"),
        ],
    )
    ids = [c.id for c in candidate.contacts]
    assert ids[:2] == [changed, kept] and removed not in ids and ids[2] not in (kept, changed)
    assert [(c.value, c.is_priority) for c in candidate.contacts] == [
        ("+79160000000", True),
        ("keep@example.com", False),
        ("@new", False),
    ]
    assert candidate.version == 2


def test_an_unknown_or_repeated_child_id_is_refused_at_its_path():
    candidate = create(work_places=[WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1))])
    own = candidate.work_places[0].id
    with pytest.raises(InvalidInput) as error:
        update(
            candidate,
            work_places=[
                WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1), id=own),
                WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1), id=uuid4()),
                WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1), id=own),
            ],
        )
    assert fields_of(error) == {"work_places[1].id", "work_places[2].id"}
    with pytest.raises(InvalidInput) as error:
        create(languages=[LanguageDraft(1, 1, id=uuid4())])  # nothing to update on a new card
    assert fields_of(error) == {"languages[0].id"}


def test_replace_helpers_and_an_empty_list_removes_every_child():
    candidate = create(
        contacts=[ContactDraft(EMAIL, "a@example.com")],
        languages=[LanguageDraft(1, 6)],
        work_places=[WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1))],
        skill_ids=[uuid4()],
    )
    assert candidate.replace_contacts([], now=NOW, new_id=uuid4)
    assert candidate.replace_languages([LanguageDraft(2, 3)], now=NOW, new_id=uuid4)
    assert candidate.replace_work_places([], now=NOW, today=TODAY, new_id=uuid4)
    assert candidate.replace_skills([], now=NOW)
    assert (candidate.contacts, candidate.work_places, candidate.skill_ids) == ([], [], [])
    assert [x.language_code for x in candidate.languages] == [2]
    assert candidate.version == 5


def test_update_refuses_fields_it_does_not_own():
    with pytest.raises(ValueError):
        create().update({"version": 7}, now=NOW, today=TODAY, new_id=uuid4)


# --- notes, soft delete, restore -------------------------------------------------------------


def test_add_note_appends_and_bumps_the_version():
    candidate = create(notes=["first"])
    note = candidate.add_note(uuid4(), " second ", uuid4(), NOW)
    assert [n.text for n in candidate.notes] == ["first", "second"]
    assert candidate.notes[-1] is note and candidate.version == 2
    with pytest.raises(InvalidInput) as error:
        candidate.add_note(uuid4(), "", AUTHOR, NOW)
    assert fields_of(error) == {"text"}


def test_soft_delete_and_restore_keep_everything_and_bump_the_version():
    candidate = create(contacts=[ContactDraft(EMAIL, "a@example.com")], notes=["n"])
    assert candidate.soft_delete(NOW) is True
    assert candidate.is_deleted and candidate.version == 2
    assert candidate.soft_delete(NOW) is False and candidate.version == 2
    with pytest.raises(RuleConflict):
        update(candidate, first_name="Пётр")
    with pytest.raises(RuleConflict):
        candidate.add_note(uuid4(), "n", AUTHOR, NOW)
    assert candidate.restore(NOW) is True
    assert not candidate.is_deleted and candidate.version == 3
    assert candidate.restore(NOW) is False and candidate.version == 3
    assert len(candidate.contacts) == 1 and len(candidate.notes) == 1
