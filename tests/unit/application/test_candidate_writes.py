"""The candidate write use cases on the in-memory adapters: rules, references, roles, versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.memory.candidate_queries import InMemoryCandidateQueries
from adapters.memory.candidates import InMemoryCandidateRepository
from adapters.memory.org_lookup import InMemoryOrgUnitLookup
from adapters.memory.reference_catalog import InMemoryReferenceCatalog
from adapters.memory.skills import InMemorySkillRepository
from adapters.memory.store import InMemoryStore, InMemoryUnitOfWork
from application.caller import Caller
from application.candidates.add_candidate_note import AddCandidateNote, AddCandidateNoteRequest
from application.candidates.create_candidate import CreateCandidate, CreateCandidateRequest
from application.candidates.delete_candidate import DeleteCandidate, DeleteCandidateRequest
from application.candidates.references import CandidateReferences, SkillChoice
from application.candidates.restore_candidate import RestoreCandidate
from application.candidates.update_candidate import UpdateCandidate, UpdateCandidateRequest
from application.candidates.views import CandidateCard
from application.errors import AccessDenied, NotFound, PreconditionFailed
from application.events.recorder import EventRecorder
from domain.candidates.contacts import ContactDraft
from domain.candidates.languages import LanguageDraft
from domain.candidates.work_places import WorkPlaceDraft
from domain.errors import InvalidInput
from domain.identity.permissions import PERMISSIONS, Action, Resource
from domain.identity.role import Role
from domain.identity.user import User
from domain.organisation.org_unit import OrgKind, OrgUnit
from domain.organisation.skill import Skill
from tests.support.events import recorder
from tests.support.fakes import FixedClock, SequentialIdGenerator

WRITERS = sorted(PERMISSIONS[Resource.CANDIDATES][Action.UPDATE])
NON_WRITERS = [role for role in Role if role not in WRITERS]
ARCHIVED_ADDRESS = 1
MOSCOW_REGION = 2
MOBILE, EMAIL = 1, 3


@dataclass
class World:
    store: InMemoryStore = field(default_factory=InMemoryStore)
    clock: FixedClock = field(default_factory=FixedClock)
    ids: SequentialIdGenerator = field(default_factory=SequentialIdGenerator)
    company_id: UUID = field(default_factory=uuid4)
    other_company_id: UUID = field(default_factory=uuid4)
    last_uow: InMemoryUnitOfWork | None = None

    def caller(self, role: Role = Role.RECRUITER, company_id: UUID | None = None) -> Caller:
        user = User(
            id=uuid4(),
            company_id=company_id or self.company_id,
            username=f"u{uuid4().hex[:8]}",
            password_hash="x",
            role=role,
            first_name="Рита",
            last_name="Рекрутер",
            email="r@example.com",
            created_at=self.clock.now(),
            updated_at=self.clock.now(),
        )
        self.store.users[user.id] = user
        return Caller(user_id=user.id, company_id=user.company_id, role=role)

    def uow(self) -> InMemoryUnitOfWork:
        self.last_uow = InMemoryUnitOfWork(self.store)
        return self.last_uow

    def org_unit(self, kind: OrgKind, name: str, company_id: UUID | None = None) -> UUID:
        unit = OrgUnit.create(uuid4(), company_id or self.company_id, kind, name, self.clock.now())
        self.store.table(f"{kind.value}s").update({unit.id: unit})
        return unit.id

    def skill(self, name: str, company_id: UUID | None = None) -> UUID:
        skill = Skill.create(uuid4(), company_id or self.company_id, name, self.clock.now())
        self.store.table("skills")[skill.id] = skill
        return skill.id

    def _references(self) -> CandidateReferences:
        return CandidateReferences(
            InMemoryReferenceCatalog(),
            InMemoryOrgUnitLookup(self.store),
            InMemorySkillRepository(self.store),
            self.ids,
            self.events(),
        )

    def events(self) -> EventRecorder:
        return recorder(self.store, self.clock, self.ids)

    def _parts(self) -> tuple[InMemoryCandidateRepository, InMemoryCandidateQueries]:
        return InMemoryCandidateRepository(self.store), InMemoryCandidateQueries(self.store)

    async def create(self, caller: Caller | None = None, **fields: Any) -> CandidateCard:
        values: dict[str, Any] = {"first_name": "Иван", "last_name": "Петров"}
        values.update(fields)
        repository, queries = self._parts()
        use_case = CreateCandidate(
            repository, queries, self._references(), self.clock, self.ids, self.events(), self.uow()
        )
        return await use_case.execute(caller or self.caller(), CreateCandidateRequest(**values))

    async def update(
        self, candidate_id: UUID, caller: Caller | None = None, **changes: Any
    ) -> CandidateCard:
        repository, queries = self._parts()
        use_case = UpdateCandidate(
            repository, queries, self._references(), self.clock, self.ids, self.events(), self.uow()
        )
        request = UpdateCandidateRequest(candidate_id=candidate_id, **changes)
        return await use_case.execute(caller or self.caller(), request)

    async def add_note(self, candidate_id: UUID, text: str, caller: Caller | None = None):
        repository, queries = self._parts()
        use_case = AddCandidateNote(
            repository, queries, self.clock, self.ids, self.events(), self.uow()
        )
        return await use_case.execute(
            caller or self.caller(), AddCandidateNoteRequest(candidate_id, text)
        )

    async def delete(
        self, candidate_id: UUID, caller: Caller | None = None, expected_version: int | None = None
    ) -> None:
        repository, _ = self._parts()
        use_case = DeleteCandidate(repository, self.clock, self.events(), self.uow())
        await use_case.execute(
            caller or self.caller(), DeleteCandidateRequest(candidate_id, expected_version)
        )

    async def restore(self, candidate_id: UUID, caller: Caller | None = None) -> CandidateCard:
        repository, queries = self._parts()
        use_case = RestoreCandidate(repository, queries, self.clock, self.events(), self.uow())
        return await use_case.execute(caller or self.caller(), candidate_id)

    async def read(self, candidate_id: UUID) -> CandidateCard | None:
        return await InMemoryCandidateQueries(self.store).get(
            self.company_id, candidate_id, self.clock.today()
        )


@pytest.fixture
def world() -> World:
    return World()


def fields_of(error: pytest.ExceptionInfo[InvalidInput]) -> set[str]:
    return {problem.field for problem in error.value.problems}


# --- create ----------------------------------------------------------------------------------


async def test_create_a_whole_card_in_one_go(world):
    position = world.org_unit(OrgKind.POSITION, "Backend developer")
    grade = world.org_unit(OrgKind.GRADE, "Senior")
    python = world.skill("Python")
    caller = world.caller()
    card = await world.create(
        caller,
        first_name="Анна-Мария",
        last_name="O'Neil",
        middle_name="Ёлкина",
        birth_date=date(1990, 5, 17),
        min_salary=250_000,
        position_id=position,
        grade_id=grade,
        address_code=MOSCOW_REGION,
        citizenship_code=1,
        family_status_code=2,
        contacts=[
            ContactDraft(EMAIL, "Anna@Example.com", is_priority=True),
            ContactDraft(MOBILE, "8 (916) 123-45-67"),
        ],
        work_places=[
            WorkPlaceDraft("Developer", "Acme", date(2015, 1, 1), date(2018, 12, 31)),
            WorkPlaceDraft("Lead", "Initech", date(2018, 1, 1), date(2020, 12, 31)),
        ],
        languages=[LanguageDraft(2, 5), LanguageDraft(1, 6)],
        skills=[SkillChoice(id=python), SkillChoice(name="  apache   KAFKA ")],
        notes=["Strong candidate"],
    )
    assert world.last_uow.committed
    assert await world.read(card.id) == card
    assert (card.first_name, card.last_name, card.middle_name) == ("Анна-Мария", "O'Neil", "Ёлкина")
    assert card.position.id == position and card.grade.id == grade
    assert (card.address.code, card.citizenship.code, card.family_status.code) == (2, 1, 2)
    assert [(c.type.code, c.value, c.is_priority) for c in card.contacts] == [
        (EMAIL, "anna@example.com", True),
        (MOBILE, "+79161234567", False),
    ]
    assert (card.total_experience.years, card.total_experience.months) == (6, 0)
    assert [(x.language.code, x.level.code) for x in card.languages] == [(1, 6), (2, 5)]
    assert [(n.text, n.author.id) for n in card.notes] == [("Strong candidate", caller.user_id)]
    assert card.created_by.id == caller.user_id and card.version == 1
    kafka = [s for s in world.store.table("skills").values() if s.normalized_name == "apache kafka"]
    assert len(kafka) == 1 and kafka[0].name == "apache KAFKA"
    assert {s.id for s in card.skills} == {python, kafka[0].id}


async def test_a_skill_name_already_in_the_dictionary_is_reused(world):
    git = world.skill("Git Hub")
    card = await world.create(skills=[SkillChoice(name=" git   HUB"), SkillChoice(id=git)])
    assert [s.id for s in card.skills] == [git]
    assert len(world.store.table("skills")) == 1


async def test_every_problem_is_reported_together_and_nothing_is_kept(world):
    foreign_position = world.org_unit(OrgKind.POSITION, "Dev", world.other_company_id)
    foreign_skill = world.skill("Go", world.other_company_id)
    with pytest.raises(InvalidInput) as error:
        await world.create(
            first_name="R2D2",
            position_id=foreign_position,
            grade_id=uuid4(),
            address_code=ARCHIVED_ADDRESS,
            citizenship_code=999,
            contacts=[ContactDraft(999, "x"), ContactDraft(EMAIL, "nope")],
            languages=[LanguageDraft(99, 1), LanguageDraft(1, 99)],
            skills=[
                SkillChoice(id=foreign_skill),
                SkillChoice(name="   "),
                SkillChoice(),
                SkillChoice(name="Brand new"),
            ],
        )
    assert fields_of(error) == {
        "first_name",
        "position_id",
        "grade_id",
        "address_code",
        "citizenship_code",
        "contacts[0].type_code",
        "contacts[1].value",
        "languages[0].language_code",
        "languages[1].level_code",
        "skills[0].id",
        "skills[1].name",
        "skills[2]",
    }
    assert not world.last_uow.committed
    assert world.store.table("candidates") == {}
    assert {s.name for s in world.store.table("skills").values()} == {"Go"}


@pytest.mark.parametrize("role", NON_WRITERS)
async def test_roles_that_may_not_write_are_refused(world, role):
    with pytest.raises(AccessDenied):
        await world.create(world.caller(role))
    card = await world.create()
    with pytest.raises(AccessDenied):
        await world.update(card.id, world.caller(role), first_name="Пётр")
    with pytest.raises(AccessDenied):
        await world.add_note(card.id, "hi", world.caller(role))
    with pytest.raises(AccessDenied):
        await world.delete(card.id, world.caller(role))
    with pytest.raises(AccessDenied):
        await world.restore(card.id, world.caller(role))
    assert (await world.read(card.id)) == card


@pytest.mark.parametrize("role", WRITERS)
async def test_hiring_staff_write(world, role):
    card = await world.create(world.caller(role))
    updated = await world.update(card.id, world.caller(role), middle_name="Ильич")
    assert updated.middle_name == "Ильич"


# --- update ----------------------------------------------------------------------------------


async def test_patch_changes_only_what_was_sent_and_null_clears(world):
    card = await world.create(middle_name="Ильич", min_salary=100_000, address_code=MOSCOW_REGION)
    world.clock.advance(minutes=5)
    updated = await world.update(card.id, last_name="Сидоров", min_salary=None)
    assert (updated.first_name, updated.last_name, updated.middle_name) == (
        "Иван",
        "Сидоров",
        "Ильич",
    )
    assert updated.min_salary is None and updated.address.code == MOSCOW_REGION
    assert updated.version == 2 and updated.updated_at == world.clock.now()
    assert world.last_uow.committed


async def test_patch_with_the_stored_values_keeps_the_version(world):
    card = await world.create(middle_name="Ильич")
    assert (await world.update(card.id, middle_name="Ильич")).version == 1


async def test_patch_child_lists_add_update_and_remove_in_one_call(world):
    card = await world.create(
        contacts=[ContactDraft(EMAIL, "a@example.com"), ContactDraft(MOBILE, "+79160000000")],
        skills=[SkillChoice(name="Python"), SkillChoice(name="SQL")],
    )
    email, phone = card.contacts
    python = next(s.id for s in card.skills if s.name == "Python")
    updated = await world.update(
        card.id,
        contacts=[
            ContactDraft(EMAIL, "B@example.com", is_priority=True, id=email.id),
            ContactDraft(4, "@anna"),
        ],
        skills=[SkillChoice(id=python), SkillChoice(name="Docker")],
    )
    assert updated.contacts[0].id == email.id
    assert phone.id not in {c.id for c in updated.contacts}
    assert [(c.value, c.is_priority) for c in updated.contacts] == [
        ("b@example.com", True),
        ("@anna", False),
    ]
    assert sorted(s.name for s in updated.skills) == ["Docker", "Python"]


async def test_patch_refuses_a_child_id_of_another_candidate(world):
    first = await world.create(contacts=[ContactDraft(EMAIL, "a@example.com")])
    second = await world.create()
    with pytest.raises(InvalidInput) as error:
        await world.update(
            second.id, contacts=[ContactDraft(EMAIL, "x@example.com", id=first.contacts[0].id)]
        )
    assert fields_of(error) == {"contacts[0].id"}


async def test_patch_refuses_other_companies_ids_and_archived_codes(world):
    card = await world.create()
    foreign_grade = world.org_unit(OrgKind.GRADE, "Senior", world.other_company_id)
    foreign_skill = world.skill("Rust", world.other_company_id)
    with pytest.raises(InvalidInput) as error:
        await world.update(
            card.id,
            grade_id=foreign_grade,
            address_code=ARCHIVED_ADDRESS,
            skills=[SkillChoice(id=foreign_skill)],
        )
    assert fields_of(error) == {"grade_id", "address_code", "skills[0].id"}
    assert not world.last_uow.committed
    assert await world.read(card.id) == card


async def test_patch_with_a_stale_version_changes_nothing(world):
    card = await world.create()
    await world.update(card.id, middle_name="Ильич")
    with pytest.raises(PreconditionFailed):
        await world.update(card.id, expected_version=1, middle_name="Петрович")
    assert (await world.read(card.id)).middle_name == "Ильич"
    assert (await world.update(card.id, expected_version=2, middle_name="Петрович")).version == 3


async def test_patch_of_another_company_or_a_deleted_candidate_is_not_found(world):
    card = await world.create()
    stranger = world.caller(Role.ADMIN, company_id=world.other_company_id)
    with pytest.raises(NotFound):
        await world.update(card.id, stranger, first_name="Пётр")
    await world.delete(card.id)
    with pytest.raises(NotFound):
        await world.update(card.id, first_name="Пётр")
    with pytest.raises(NotFound):
        await world.add_note(card.id, "hello")


# --- notes, delete, restore ------------------------------------------------------------------


async def test_add_note_is_authored_by_the_caller(world):
    card = await world.create(notes=["first"])
    caller = world.caller(Role.MANAGER)
    world.clock.advance(minutes=1)
    note = await world.add_note(card.id, "  second\nline ", caller)
    assert (note.text, note.author.id, note.created_at) == (
        "second\nline",
        caller.user_id,
        world.clock.now(),
    )
    after = await world.read(card.id)
    assert [n.text for n in after.notes] == ["first", "second\nline"] and after.version == 2
    with pytest.raises(InvalidInput) as error:
        await world.add_note(card.id, " ")
    assert fields_of(error) == {"text"}


async def test_soft_delete_hides_and_restore_brings_back_every_child(world):
    card = await world.create(
        contacts=[ContactDraft(EMAIL, "a@example.com")],
        work_places=[WorkPlaceDraft("Dev", "Acme", date(2020, 1, 1))],
        languages=[LanguageDraft(2, 4)],
        skills=[SkillChoice(name="Python")],
        notes=["kept"],
    )
    with pytest.raises(PreconditionFailed):
        await world.delete(card.id, expected_version=7)
    await world.delete(card.id, expected_version=1)
    assert world.last_uow.committed and await world.read(card.id) is None
    with pytest.raises(NotFound):
        await world.delete(card.id)
    restored = await world.restore(card.id)
    assert restored.version == 3
    assert (restored.contacts, restored.work_places, restored.languages) == (
        card.contacts,
        card.work_places,
        card.languages,
    )
    assert (restored.notes, restored.skills) == (card.notes, card.skills)
    assert (await world.restore(card.id)).version == 3  # restoring a live card changes nothing


async def test_restore_of_another_company_candidate_is_not_found(world):
    card = await world.create()
    await world.delete(card.id)
    with pytest.raises(NotFound):
        await world.restore(card.id, world.caller(Role.ADMIN, company_id=world.other_company_id))
    with pytest.raises(NotFound):
        await world.restore(uuid4())
