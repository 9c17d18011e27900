"""The events of the organisation and skill use cases: exactly one per change, with its diff,
by the caller, and none for a refused call or a change that changes nothing."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.errors import AlreadyExists, InUse, NotFound, PreconditionFailed
from domain.errors import InvalidInput
from domain.identity.role import Role
from domain.organisation.org_unit import OrgKind
from tests.support.events import changes_of, events_of
from tests.unit.application import test_organisation as organisation
from tests.unit.application import test_skills as skills


@pytest.fixture
def world() -> organisation.World:
    return organisation.World()


@pytest.fixture
def skill_world() -> skills.World:
    return skills.World()


def types(store) -> list[str]:
    return [event.type for event in events_of(store)]


# --- departments, positions, grades ---------------------------------------------------------


@pytest.mark.parametrize("kind", list(OrgKind))
async def test_a_create_records_the_created_unit(world, kind):
    caller = world.caller(Role.MANAGER)
    view = await world.create("  Sales ", kind, caller=caller)
    [event] = events_of(world.store)
    assert (event.type, event.entity.type, event.entity.id) == (
        f"{kind.value}.created",
        kind.value,
        view.id,
    )
    assert event.actor_id == caller.user_id and event.company_id == world.company_id
    assert event.occurred_at == world.clock.now()
    assert changes_of(event) == {"name": (None, "Sales")}  # no kind, no bookkeeping


async def test_a_refused_create_records_nothing(world):
    await world.create("Sales")
    with pytest.raises(AlreadyExists):
        await world.create("SALES")
    with pytest.raises(InvalidInput):
        await world.create("   ")
    assert types(world.store) == ["department.created"]


@pytest.mark.parametrize("kind", list(OrgKind))
async def test_a_rename_records_the_old_and_new_name(world, kind):
    created = await world.create("Sales", kind)
    editor = world.caller(Role.MANAGER)
    await world.rename(created.id, "Marketing", kind=kind, caller=editor)
    event = events_of(world.store)[-1]
    assert (event.type, event.entity.type, event.entity.id) == (
        f"{kind.value}.renamed",
        kind.value,
        created.id,
    )
    assert event.actor_id == editor.user_id
    assert changes_of(event) == {"name": ("Sales", "Marketing")}


async def test_a_rename_to_the_same_name_or_without_a_name_records_nothing(world):
    created = await world.create("Sales")
    await world.rename(created.id, " Sales ")
    await world.rename(created.id, None)
    assert types(world.store) == ["department.created"]


async def test_a_refused_rename_records_nothing(world):
    first = await world.create("Sales")
    await world.create("Marketing")
    with pytest.raises(AlreadyExists):
        await world.rename(first.id, "marketing")
    with pytest.raises(PreconditionFailed):
        await world.rename(first.id, "Support", version=99)
    with pytest.raises(NotFound):
        await world.rename(uuid4(), "Support")
    assert types(world.store) == ["department.created", "department.created"]


@pytest.mark.parametrize("kind", list(OrgKind))
async def test_a_delete_records_the_deleted_unit(world, kind):
    created = await world.create("Sales", kind)
    admin = world.caller(Role.ADMIN)
    await world.delete(created.id, kind=kind, caller=admin)
    event = events_of(world.store)[-1]
    assert (event.type, event.entity.type, event.entity.id) == (
        f"{kind.value}.deleted",
        kind.value,
        created.id,
    )
    assert (event.actor_id, event.changes) == (admin.user_id, ())
    assert types(world.store) == [f"{kind.value}.created", f"{kind.value}.deleted"]


async def test_a_unit_still_in_use_records_no_delete(world):
    created = await world.create("Sales")
    user = world.add_user(department_id=created.id)
    with pytest.raises(InUse):
        await world.delete(created.id)
    del world.store.users[user.id]
    assert types(world.store) == ["department.created"]
    await world.delete(created.id)  # free now: deleted, and recorded
    assert types(world.store) == ["department.created", "department.deleted"]


async def test_a_refused_delete_records_nothing(world):
    created = await world.create("Sales")
    with pytest.raises(PreconditionFailed):
        await world.delete(created.id, version=99)
    with pytest.raises(NotFound):
        await world.delete(uuid4())
    with pytest.raises(NotFound):
        await world.delete(created.id, kind=OrgKind.POSITION)
    assert types(world.store) == ["department.created"]


# --- skills ---------------------------------------------------------------------------------


async def test_a_new_skill_records_its_creation(skill_world):
    caller = skill_world.caller()
    result = await skill_world.create("  Apache   Kafka ", caller=caller)
    [event] = events_of(skill_world.store)
    assert (event.type, event.entity.type, event.entity.id) == (
        "skill.created",
        "skill",
        result.skill.id,
    )
    assert event.actor_id == caller.user_id and event.company_id == skill_world.company_id
    assert changes_of(event) == {"name": (None, "Apache Kafka")}  # not the normalized name


async def test_an_existing_skill_name_records_nothing(skill_world):
    await skill_world.create("Git Hub")
    again = await skill_world.create(" GIT  hub")
    assert again.created is False
    assert types(skill_world.store) == ["skill.created"]


async def test_an_invalid_skill_name_records_nothing(skill_world):
    with pytest.raises(InvalidInput):
        await skill_world.create("   ")
    assert events_of(skill_world.store) == []


async def test_a_skill_delete_is_recorded(skill_world):
    created = await skill_world.create("Python")
    deleter = skill_world.caller(Role.ADMIN)
    await skill_world.delete(created.skill.id, caller=deleter)
    event = events_of(skill_world.store)[-1]
    assert (event.type, event.entity.type, event.entity.id) == (
        "skill.deleted",
        "skill",
        created.skill.id,
    )
    assert (event.actor_id, event.changes) == (deleter.user_id, ())


async def test_a_skill_in_use_or_missing_records_no_delete(skill_world):
    created = await skill_world.create("Python")
    key = (uuid4(), created.skill.id)
    skill_world.store.table("candidate_skills")[key] = {
        "company_id": skill_world.company_id,
        "skill_id": created.skill.id,
    }
    with pytest.raises(InUse):
        await skill_world.delete(created.skill.id)
    with pytest.raises(NotFound):
        await skill_world.delete(uuid4())
    with pytest.raises(NotFound):
        await skill_world.delete(created.skill.id, caller=skill_world.caller(Role.ADMIN, uuid4()))
    assert types(skill_world.store) == ["skill.created"]
