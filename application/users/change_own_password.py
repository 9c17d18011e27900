from __future__ import annotations

from dataclasses import dataclass

from application.caller import Caller
from application.errors import Conflict, InvalidToken, TooManyRequests
from application.events.recorder import EventRecorder
from application.ports.identity import UserRepository
from application.ports.security import LoginRateLimiter, PasswordHasher
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from domain.errors import InvalidInput, ProblemCollector
from domain.identity import credentials


@dataclass(frozen=True, slots=True)
class ChangeOwnPasswordRequest:
    old_password: str
    new_password: str


class ChangeOwnPassword:
    """Every signed-in user replaces their own password by proving the current one. A wrong
    current password is a validation problem on `old_password`, not a failed login: the user
    stays signed in and the lockout count is untouched, but attempts are rate-limited like
    logins. The new password follows the password policy and differs from the old one; a
    temporary (bootstrap) password stops being temporary."""

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        limiter: LoginRateLimiter,
        clock: Clock,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._limiter = limiter
        self._clock = clock
        self._events = events
        self._uow = uow

    async def execute(self, caller: Caller, request: ChangeOwnPasswordRequest) -> None:
        retry_after = self._limiter.hit(f"password-change|{caller.user_id}", self._clock.now())
        if retry_after is not None:
            raise TooManyRequests(retry_after)
        problems = ProblemCollector()
        try:
            credentials.password(request.new_password, "new_password")
        except InvalidInput as error:
            problems.absorb(error)
        problems.check(
            request.new_password != request.old_password,
            "new_password",
            "must differ from the current password",
        )
        found = await self._users.get(caller.company_id, caller.user_id)
        if found is None or not found.is_active:
            raise InvalidToken("the account can no longer sign in")
        if not await self._hasher.verify(request.old_password, found.password_hash):
            problems.add("old_password", "does not match your current password")
        problems.raise_if_any()
        password_hash = await self._hasher.hash(request.new_password)

        # The slow hashing is done; only now lock the row, and re-check it did not move under us.
        user = await self._users.get(caller.company_id, caller.user_id, for_update=True)
        if user is None or not user.is_active:
            raise InvalidToken("the account can no longer sign in")
        if user.password_hash != found.password_hash:
            raise Conflict("the password was changed meanwhile; try again")
        version = user.version
        user.change_password(password_hash, self._clock.now())
        await self._users.save(user, expected_version=version)
        await self._events.record(caller, "user.password_changed", user.id)
        await self._uow.commit()
