from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from application.caller import Caller
from application.errors import AlreadyExists
from application.events.recorder import EventRecorder, snapshot
from application.for_change import for_change
from application.ports.identity import AccountStatuses, RefreshSessionRepository, UserRepository
from application.ports.org_lookup import OrgUnitLookup
from application.ports.security import PasswordHasher
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from application.ports.user_queries import UserQueries
from application.users.account_fields import account_changes
from application.users.views import UserView
from domain.identity.permissions import Action, Resource

EDITABLE = (
    "username",
    "password",
    "role_code",
    "first_name",
    "last_name",
    "middle_name",
    "email",
    "department_id",
    "position_id",
    "grade_id",
)


class UpdateUserRequest(msgspec.Struct, frozen=True, kw_only=True):
    """A partial update: UNSET leaves a field as it is; None clears a nullable one."""

    user_id: UUID
    expected_version: int | None = None  # from If-Match; None: last writer wins
    username: str | UnsetType = UNSET
    password: str | UnsetType = UNSET
    role_code: str | UnsetType = UNSET
    first_name: str | UnsetType = UNSET
    last_name: str | UnsetType = UNSET
    middle_name: str | UnsetType | None = UNSET
    email: str | UnsetType = UNSET
    department_id: UUID | UnsetType | None = UNSET
    position_id: UUID | UnsetType | None = UNSET
    grade_id: UUID | UnsetType | None = UNSET

    def sent(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EDITABLE if getattr(self, name) is not UNSET}


class UpdateUser:
    """Administrators edit an account of their own company: any field of its creation, the
    password and the role included. Nobody changes their own role (an administrator cannot
    demote themselves). A stale `expected_version` changes nothing. A password reset by another
    administrator ends every session the user holds, and so does a new role: the user signs in
    again to a session of the new role (their live access token already acts with it). Sending
    what is already stored changes nothing, version included."""

    def __init__(
        self,
        users: UserRepository,
        queries: UserQueries,
        org_units: OrgUnitLookup,
        hasher: PasswordHasher,
        sessions: RefreshSessionRepository,
        statuses: AccountStatuses,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._queries = queries
        self._org_units = org_units
        self._hasher = hasher
        self._sessions = sessions
        self._statuses = statuses
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: UpdateUserRequest) -> UserView:
        caller.authorize(Resource.USERS, Action.UPDATE)
        changes = await account_changes(
            request.sent(), caller.company_id, self._org_units, self._hasher
        )
        user = await for_change(
            self._users.get(caller.company_id, request.user_id, for_update=True),
            "user",
            request.expected_version,
        )
        if "username" in changes and changes["username"] != user.username:
            holder = await self._users.find_by_username(changes["username"])
            if holder is not None and holder.id != user.id:
                raise AlreadyExists(f"the username {changes['username']!r} is taken")
        version, role, password_hash = user.version, user.role, user.password_hash
        before = snapshot(user)
        now = self._clock.now()
        if user.edit(changes, actor_id=caller.user_id, now=now):
            await self._users.save(user, expected_version=version)
            new_password = "password_hash" in changes and user.id != caller.user_id
            if new_password or user.role is not role:
                await self._sessions.revoke_all_of_user(user.company_id, user.id, now)
            await self._events.changed(caller, "user.updated", user, before)
            if user.password_hash != password_hash:
                await self._events.record(caller, "user.password_changed", user.id)
        view = await self._queries.get(caller.company_id, user.id)
        assert view is not None
        await self._uow.commit()
        self._statuses.forget(user.id)
        return view
