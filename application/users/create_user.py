from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.errors import AlreadyExists
from application.events.recorder import EventRecorder
from application.ports.identity import UserRepository
from application.ports.org_lookup import OrgUnitLookup
from application.ports.security import PasswordHasher
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from application.ports.user_queries import UserQueries
from application.users.account_fields import account_changes
from application.users.views import UserView
from domain.identity.permissions import Action, Resource
from domain.identity.user import User


@dataclass(frozen=True, slots=True)
class CreateUserRequest:
    username: str
    password: str
    role_code: str
    first_name: str
    last_name: str
    email: str
    middle_name: str | None = None
    department_id: UUID | None = None
    position_id: UUID | None = None
    grade_id: UUID | None = None


class CreateUser:
    """Administrators open an account in their own company. The username (stored lowercase)
    is unique across the whole system; the department, position and grade must be the
    company's own. The password is kept only as a hash."""

    def __init__(
        self,
        users: UserRepository,
        queries: UserQueries,
        org_units: OrgUnitLookup,
        hasher: PasswordHasher,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._queries = queries
        self._org_units = org_units
        self._hasher = hasher
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: CreateUserRequest) -> UserView:
        caller.authorize(Resource.USERS, Action.CREATE)
        user = await open_account(
            caller.company_id,
            request,
            self._users,
            self._org_units,
            self._hasher,
            self._clock,
            self._ids,
        )
        await self._events.created(caller, user)
        view = await self._queries.get(caller.company_id, user.id)
        assert view is not None
        await self._uow.commit()
        return view


async def open_account(
    company_id: UUID,
    request: CreateUserRequest,
    users: UserRepository,
    org_units: OrgUnitLookup,
    hasher: PasswordHasher,
    clock: Clock,
    ids: IdGenerator,
) -> User:
    """The account rules every way of opening one shares (an administrator's CreateUser, an
    operator's AddCompanyUser): checks every field, refuses a taken username, adds the user to
    the company. The caller of this helper authorizes before and commits after."""
    fields = {
        "username": request.username,
        "password": request.password,
        "role_code": request.role_code,
        "first_name": request.first_name,
        "last_name": request.last_name,
        "middle_name": request.middle_name,
        "email": request.email,
        "department_id": request.department_id,
        "position_id": request.position_id,
        "grade_id": request.grade_id,
    }
    values = await account_changes(fields, company_id, org_units, hasher)
    if await users.find_by_username(values["username"]) is not None:
        raise AlreadyExists(f"the username {values['username']!r} is taken")
    now = clock.now()
    user = User(
        id=ids.new_id(),
        company_id=company_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    await users.add(user)
    return user
