"""The events of the candidate and vacancy use cases: exactly one per change, with its diff,
by the caller, and none for a failed or empty request."""

from __future__ import annotations

import pytest

from application.candidates.references import SkillChoice
from application.errors import PreconditionFailed
from application.vacancies.references import SkillInput
from domain.candidates.contacts import ContactDraft
from domain.errors import InvalidInput
from domain.identity.role import Role
from tests.support.events import changes_of, events_of
from tests.unit.application import test_vacancies as vacancies
from tests.unit.application.test_candidate_writes import EMAIL, MOBILE, World


@pytest.fixture
def world() -> World:
    return World()


async def test_a_create_records_the_created_card(world: World) -> None:
    caller = world.caller()
    card = await world.create(
        caller,
        min_salary=120_000,
        contacts=[ContactDraft(type_code=EMAIL, value="A@Example.com")],
        notes=["first call"],
    )
    [event] = events_of(world.store)
    assert (event.type, event.entity.type, event.entity.id) == (
        "candidate.created",
        "candidate",
        card.id,
    )
    assert event.actor_id == caller.user_id and event.company_id == world.company_id
    changes = changes_of(event)
    assert changes["first_name"] == (None, "Иван") and changes["min_salary"] == (None, 120_000)
    contact = card.contacts[0]
    assert changes[f"contacts[{contact.id}]"] == (
        None,
        {"type_code": EMAIL, "value": "a@example.com", "is_priority": False},
    )
    note = card.notes[0]
    assert changes[f"notes[{note.id}]"][1]["text"] == "first call"
    assert "middle_name" not in changes  # nothing to say about an empty field


async def test_a_new_skill_name_is_a_skill_created_too(world: World) -> None:
    await world.create(skills=[SkillChoice(name="Kafka")])
    assert [event.type for event in events_of(world.store)] == [
        "skill.created",
        "candidate.created",
    ]


async def test_an_update_records_only_what_changed_child_by_child(world: World) -> None:
    card = await world.create(
        contacts=[
            ContactDraft(type_code=MOBILE, value="+7 900 000-00-01"),
            ContactDraft(type_code=EMAIL, value="a@example.com"),
        ]
    )
    phone, mail = card.contacts
    editor = world.caller(Role.MANAGER)
    await world.update(
        card.id,
        editor,
        last_name="Сидоров",
        contacts=[ContactDraft(id=phone.id, type_code=MOBILE, value="+7 900 000-00-02")],
    )
    event = events_of(world.store)[-1]
    assert event.type == "candidate.updated" and event.actor_id == editor.user_id
    assert changes_of(event) == {
        "last_name": ("Петров", "Сидоров"),
        f"contacts.value[{phone.id}]": ("+79000000001", "+79000000002"),
        f"contacts[{mail.id}]": (
            {"type_code": EMAIL, "value": "a@example.com", "is_priority": False},
            None,
        ),
    }


async def test_sending_what_is_stored_records_nothing(world: World) -> None:
    card = await world.create()
    await world.update(card.id, first_name="Иван")
    assert [event.type for event in events_of(world.store)] == ["candidate.created"]


async def test_a_refused_update_records_nothing(world: World) -> None:
    card = await world.create()
    with pytest.raises(InvalidInput):
        await world.update(card.id, first_name="")
    with pytest.raises(PreconditionFailed):
        await world.update(card.id, last_name="Сидоров", expected_version=99)
    assert [event.type for event in events_of(world.store)] == ["candidate.created"]


async def test_notes_deletes_and_restores_are_events(world: World) -> None:
    card = await world.create()
    note = await world.add_note(card.id, "called back")
    await world.delete(card.id)
    await world.restore(card.id)
    await world.restore(card.id)  # a live card: nothing happens
    note_added, deleted, restored = events_of(world.store)[1:]
    assert note_added.type == "candidate.note_added"
    assert changes_of(note_added)[f"notes[{note.id}]"][1]["text"] == "called back"
    assert (deleted.type, deleted.changes) == ("candidate.deleted", ())
    assert (restored.type, restored.entity.id) == ("candidate.restored", card.id)


@pytest.fixture
def vacancy_world() -> vacancies.World:
    return vacancies.World()


async def test_the_vacancy_lifecycle_is_recorded(vacancy_world: vacancies.World) -> None:
    acme = vacancy_world.company()
    manager = vacancies.caller_of(acme, Role.MANAGER)
    view = await vacancy_world.create(manager, acme, skills=(SkillInput(name="Rust"),))
    await vacancy_world.update(manager, view.id, employee_count=3)
    await vacancy_world.update(manager, view.id, employee_count=3)  # no change, no event
    await vacancy_world.delete(manager, view.id)
    await vacancy_world.restore(manager, view.id)
    skill, created, updated, deleted, restored = events_of(vacancy_world.store)
    assert skill.type == "skill.created"
    assert created.type == "vacancy.created" and created.actor_id == manager.user_id
    assert changes_of(created)["employee_count"] == (None, 1)
    assert changes_of(created)["skill_ids"] == (None, [skill.entity.id])
    assert (updated.type, changes_of(updated)) == ("vacancy.updated", {"employee_count": (1, 3)})
    assert [deleted.type, restored.type] == ["vacancy.deleted", "vacancy.restored"]
