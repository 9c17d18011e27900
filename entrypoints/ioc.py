"""The composition root: every port bound to its adapter, in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

from dishka import AsyncContainer, Provider, Scope, make_async_container, provide
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.login_rate_limiter import SlidingWindowLoginRateLimiter
from adapters.postgres.engine import create_engine
from adapters.postgres.identity import (
    SqlaCompanyRepository,
    SqlaRefreshSessionRepository,
    SqlaUserRepository,
)
from adapters.postgres.queries import SqlaReferenceQueries, SqlaUserQueries
from adapters.postgres.session import PgSession, PgUnitOfWork
from adapters.security.bcrypt_hasher import BcryptPasswordHasher
from adapters.security.jwt_codec import JwtAccessTokenCodec
from adapters.security.refresh_tokens import RandomRefreshTokenFactory
from adapters.system import SystemClock, Uuid7Generator
from application.companies.create_company import CreateCompany
from application.ports.identity import (
    CompanyRepository,
    RefreshSessionRepository,
    UserRepository,
)
from application.ports.reference_queries import ReferenceQueries
from application.ports.security import (
    AccessTokenCodec,
    LoginRateLimiter,
    PasswordHasher,
    RefreshTokenFactory,
)
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from application.ports.user_queries import UserQueries
from application.refs.get_reference import GetReference
from application.sessions.authenticate import Authenticate
from application.sessions.issuer import SessionPolicy, TokenIssuer
from application.sessions.login import Login
from application.sessions.logout import Logout
from application.sessions.logout_everywhere import LogoutEverywhere
from application.sessions.refresh import RefreshSessionTokens
from application.users.get_current_user import GetCurrentUser
from entrypoints.settings import Settings


class InfrastructureProvider(Provider):
    """Process-wide adapters (APP scope) and the per-request database session."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._settings = settings

    @provide(scope=Scope.APP)
    def settings(self) -> Settings:
        return self._settings

    @provide(scope=Scope.APP)
    async def engine(self) -> AsyncIterator[AsyncEngine]:
        engine = create_engine(
            self._settings.async_database_url,
            pool_size=self._settings.database_pool_size,
            timeout_seconds=self._settings.database_timeout_seconds,
        )
        yield engine
        await engine.dispose()

    @provide(scope=Scope.APP)
    def hasher(self) -> PasswordHasher:
        return BcryptPasswordHasher(self._settings.bcrypt_rounds)

    @provide(scope=Scope.APP)
    def access_tokens(self) -> AccessTokenCodec:
        return JwtAccessTokenCodec(self._settings.jwt_secret)

    @provide(scope=Scope.APP)
    def login_rate_limiter(self) -> LoginRateLimiter:
        return SlidingWindowLoginRateLimiter(self._settings.login_rate_limit_per_minute)

    @provide(scope=Scope.APP)
    def session_policy(self) -> SessionPolicy:
        return SessionPolicy(
            access_token_ttl=timedelta(seconds=self._settings.access_token_ttl_seconds),
            refresh_token_ttl=timedelta(seconds=self._settings.refresh_token_ttl_seconds),
        )

    refresh_tokens = provide(
        RandomRefreshTokenFactory, scope=Scope.APP, provides=RefreshTokenFactory
    )
    clock = provide(SystemClock, scope=Scope.APP, provides=Clock)
    ids = provide(Uuid7Generator, scope=Scope.APP, provides=IdGenerator)

    @provide(scope=Scope.REQUEST)
    async def session(self, engine: AsyncEngine) -> AsyncIterator[PgSession]:
        session = PgSession(engine)
        try:
            yield session
        finally:
            await session.close()


class PostgresProvider(Provider):
    """Repositories and read models on PostgreSQL, one set per request."""

    scope = Scope.REQUEST

    uow = provide(PgUnitOfWork, provides=UnitOfWork)
    companies = provide(SqlaCompanyRepository, provides=CompanyRepository)
    users = provide(SqlaUserRepository, provides=UserRepository)
    refresh_sessions = provide(SqlaRefreshSessionRepository, provides=RefreshSessionRepository)
    user_queries = provide(SqlaUserQueries, provides=UserQueries)
    reference_queries = provide(SqlaReferenceQueries, provides=ReferenceQueries)


class UseCaseProvider(Provider):
    scope = Scope.REQUEST

    token_issuer = provide(TokenIssuer)
    login = provide(Login)
    refresh = provide(RefreshSessionTokens)
    logout = provide(Logout)
    logout_everywhere = provide(LogoutEverywhere)
    authenticate = provide(Authenticate, scope=Scope.APP)
    get_current_user = provide(GetCurrentUser)
    get_reference = provide(GetReference)
    create_company = provide(CreateCompany)


def providers(settings: Settings) -> list[Provider]:
    return [InfrastructureProvider(settings), PostgresProvider(), UseCaseProvider()]


def make_container(settings: Settings, *extra: Provider) -> AsyncContainer:
    return make_async_container(*providers(settings), *extra)
