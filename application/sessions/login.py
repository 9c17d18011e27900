from __future__ import annotations

from dataclasses import dataclass

from application.errors import AccountBlocked, InvalidCredentials, TooManyRequests
from application.events.recorder import EventRecorder, Nobody
from application.ports.identity import AccountStatuses, UserRepository
from application.ports.security import LoginRateLimiter, PasswordHasher
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from application.sessions.issuer import IssuedTokens, TokenIssuer
from domain.events.event import Change


@dataclass(frozen=True, slots=True)
class LoginRequest:
    username: str
    password: str
    client_address: str


class Login:
    """Anyone may try to log in. A right password opens a new session family; a wrong one
    counts towards the lockout, and the 5th wrong one in a row blocks the account. An unknown
    username costs the same time as a wrong password, so probing reveals no usernames.
    Attempts are rate-limited per (client address, username)."""

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        limiter: LoginRateLimiter,
        issuer: TokenIssuer,
        statuses: AccountStatuses,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._limiter = limiter
        self._issuer = issuer
        self._statuses = statuses
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, request: LoginRequest) -> IssuedTokens:
        username = request.username.strip().lower()
        retry_after = self._limiter.hit(f"{request.client_address}|{username}", self._clock.now())
        if retry_after is not None:
            raise TooManyRequests(retry_after)

        found = await self._users.find_by_username(username)
        if found is None:
            await self._hasher.waste_time(request.password)
            raise InvalidCredentials("wrong username or password")
        password_ok = await self._hasher.verify(request.password, found.password_hash)

        # Re-read under a row lock: concurrent failures must all be counted.
        user = await self._users.get(found.company_id, found.id, for_update=True)
        if user is None or not user.is_active:
            raise InvalidCredentials("wrong username or password")
        if user.is_blocked:
            raise AccountBlocked("the account is blocked; an administrator can unblock it")
        now = self._clock.now()
        version = user.version
        if not password_ok:
            failures = user.failed_login_count
            user.record_failed_login(now)
            await self._users.save(user, expected_version=version)
            # Nobody proved who they were: the actor is nobody, in the account's company.
            nobody = Nobody(user.company_id)
            counted = [Change("failed_login_count", failures, user.failed_login_count)]
            await self._events.record(nobody, "user.login_failed", user.id, counted)
            if user.is_blocked:
                blocked = [Change("is_blocked", False, True)]
                await self._events.record(nobody, "user.blocked", user.id, blocked)
            await self._uow.commit()
            if user.is_blocked:
                self._statuses.forget(user.id)  # its live tokens stop working at once
                raise AccountBlocked("too many failed logins; the account is now blocked")
            raise InvalidCredentials("wrong username or password")

        user.record_login(now)
        await self._users.save(user, expected_version=version)
        tokens = await self._issuer.issue(user, family_id=self._ids.new_id(), now=now)
        await self._uow.commit()
        return tokens
