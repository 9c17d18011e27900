"""Field-level diffs for the event log: plain fields, value objects, child lists, secrets."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID, uuid4

from domain.events.changes import created, diff, state
from domain.events.event import Change


@dataclass
class Phone:
    id: UUID
    value: str
    is_priority: bool = False


@dataclass(frozen=True)
class Terms:
    salary: int
    grade: str | None = None


@dataclass
class Person:
    id: UUID
    company_id: UUID
    name: str
    terms: Terms
    password_hash: str = "secret-hash"
    refresh_token: str = "tok"
    phones: list[Phone] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    version: int = 1


def _person(**fields) -> Person:
    return Person(id=uuid4(), company_id=uuid4(), name="Анна", terms=Terms(100), **fields)


def test_a_state_leaves_out_bookkeeping_and_secrets_and_flattens_value_objects() -> None:
    person = _person()
    assert state(person, children=("phones",)) == {
        "name": "Анна",
        "salary": 100,
        "grade": None,
        "phones": {},
        "tags": [],
    }


def test_an_update_reads_as_the_fields_that_changed() -> None:
    person = _person()
    before = state(person)
    person.name, person.terms, person.version = "Анна-Мария", Terms(150, "senior"), 2
    assert diff(before, state(person)) == (
        Change("name", "Анна", "Анна-Мария"),
        Change("salary", 100, 150),
        Change("grade", None, "senior"),
    )


def test_nothing_changed_is_no_change() -> None:
    person = _person()
    assert diff(state(person), state(person)) == ()


def test_child_lists_are_compared_child_by_child() -> None:
    kept, edited, gone = (Phone(uuid4(), v) for v in ("+7900", "+7901", "+7902"))
    person = _person(phones=[kept, edited, gone])
    before = state(person, children=("phones",))
    added = Phone(uuid4(), "+7903")
    person.phones = [kept, Phone(edited.id, "+7911", True), added]
    assert diff(before, state(person, children=("phones",))) == (
        Change("phones.value", "+7901", "+7911", edited.id),
        Change("phones.is_priority", False, True, edited.id),
        Change("phones", None, {"value": "+7903", "is_priority": False}, added.id),
        Change("phones", {"value": "+7902", "is_priority": False}, None, gone.id),
    )


def test_a_created_state_is_every_field_with_a_value() -> None:
    phone = Phone(uuid4(), "+7900")
    person = _person(phones=[phone])
    assert created(state(person, children=("phones",))) == (
        Change("name", None, "Анна"),
        Change("salary", None, 100),
        Change("phones", None, {"value": "+7900", "is_priority": False}, phone.id),
    )
