from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.errors import AlreadyExists
from application.events.recorder import EventRecorder, Nobody
from application.ports.identity import CompanyRepository, UserRepository
from application.ports.security import PasswordHasher
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from domain.errors import InvalidInput, ProblemCollector
from domain.identity import credentials
from domain.identity.company import Company
from domain.identity.role import Role
from domain.identity.user import User


@dataclass(frozen=True, slots=True)
class CreateCompanyRequest:
    full_name: str
    short_name: str
    ogrn: str
    admin_username: str
    admin_password: str
    admin_email: str
    admin_first_name: str = "Администратор"
    admin_last_name: str = "Системы"
    # A published bootstrap password is allowed only as a temporary one the admin must replace.
    admin_password_is_temporary: bool = False


@dataclass(frozen=True, slots=True)
class CreatedCompany:
    company_id: UUID
    admin_id: UUID


class CreateCompany:
    """Operators (CLI, bootstrap) register a tenant together with its first administrator,
    atomically: either both exist afterwards or neither does."""

    def __init__(
        self,
        companies: CompanyRepository,
        users: UserRepository,
        hasher: PasswordHasher,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._companies = companies
        self._users = users
        self._hasher = hasher
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, request: CreateCompanyRequest) -> CreatedCompany:
        now = self._clock.now()
        problems = ProblemCollector()
        company = None
        try:
            company = Company.register(
                self._ids.new_id(), request.full_name, request.short_name, request.ogrn, now
            )
        except InvalidInput as error:
            problems.absorb(error)
        username = email = ""
        try:
            username = credentials.username(request.admin_username, "admin_username")
        except InvalidInput as error:
            problems.absorb(error)
        try:
            email = credentials.email(request.admin_email, "admin_email")
        except InvalidInput as error:
            problems.absorb(error)
        if not request.admin_password_is_temporary:
            try:
                credentials.password(request.admin_password, "admin_password")
            except InvalidInput as error:
                problems.absorb(error)
        problems.raise_if_any()
        assert company is not None

        if await self._users.find_by_username(username) is not None:
            raise AlreadyExists(f"username {username!r} is taken")
        admin = User(
            id=self._ids.new_id(),
            company_id=company.id,
            username=username,
            password_hash=await self._hasher.hash(request.admin_password),
            role=Role.ADMIN,
            first_name=request.admin_first_name,
            last_name=request.admin_last_name,
            email=email,
            created_at=now,
            updated_at=now,
            must_change_password=request.admin_password_is_temporary,
        )
        await self._companies.add(company)
        await self._users.add(admin)
        await self._events.created(Nobody(company.id), company)
        await self._events.created(Nobody(company.id), admin)
        await self._uow.commit()
        return CreatedCompany(company_id=company.id, admin_id=admin.id)
