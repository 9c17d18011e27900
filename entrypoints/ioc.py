"""The composition root: every port bound to its adapter, in one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

from dishka import AnyOf, AsyncContainer, Provider, Scope, make_async_container, provide
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.login_rate_limiter import SlidingWindowLoginRateLimiter
from adapters.postgres.account_statuses import AccountStatusCache, SqlaAccountStatuses
from adapters.postgres.candidate_queries import SqlaCandidateQueries
from adapters.postgres.candidates import SqlaCandidateRepository
from adapters.postgres.engine import create_engine
from adapters.postgres.events import SqlaEventLog, SqlaEventQueries
from adapters.postgres.idempotency import SqlaIdempotencyRecords
from adapters.postgres.identity import (
    SqlaCompanyRepository,
    SqlaRefreshSessionRepository,
    SqlaUserRepository,
)
from adapters.postgres.interview_queries import SqlaInterviewQueries
from adapters.postgres.interviews import (
    SqlaInterviewParties,
    SqlaInterviewRepository,
    SqlaStageResultRepository,
)
from adapters.postgres.org_lookup import SqlaOrgUnitLookup
from adapters.postgres.organisation import SqlaOrgUnitQueries, SqlaOrgUnitRepository
from adapters.postgres.queries import SqlaReferenceQueries, SqlaUserQueries
from adapters.postgres.reference_catalog import SqlaReferenceCatalog
from adapters.postgres.search_index import SqlaSearchIndex
from adapters.postgres.session import PgSession, PgUnitOfWork
from adapters.postgres.skills import SqlaSkillQueries, SqlaSkillRepository
from adapters.postgres.vacancies import SqlaVacancyRepository
from adapters.postgres.vacancy_queries import SqlaVacancyQueries
from adapters.postgres.webhook_outbox import SqlaWebhookOutbox
from adapters.postgres.webhooks import SqlaDeliveryQueue, SqlaWebhookQueries, SqlaWebhookRepository
from adapters.security.bcrypt_hasher import BcryptPasswordHasher
from adapters.security.jwt_codec import JwtAccessTokenCodec
from adapters.security.refresh_tokens import RandomRefreshTokenFactory
from adapters.security.webhook_secrets import RandomWebhookSecrets
from adapters.system import RandomJitter, SystemClock, Uuid7Generator
from adapters.webhooks.sender import HttpxWebhookSender
from application.candidates.add_candidate_note import AddCandidateNote
from application.candidates.create_candidate import CreateCandidate
from application.candidates.delete_candidate import DeleteCandidate
from application.candidates.get_candidate import GetCandidate
from application.candidates.list_candidates import ListCandidates
from application.candidates.references import CandidateReferences
from application.candidates.restore_candidate import RestoreCandidate
from application.candidates.update_candidate import UpdateCandidate
from application.companies.add_company_user import AddCompanyUser
from application.companies.create_company import CreateCompany
from application.events.prune_events import EventRetention, PruneEvents
from application.events.read_feed import ReadEventFeed
from application.events.read_history import ReadHistory
from application.events.recorder import EventRecorder
from application.idempotency.answers import IdempotencyPolicy
from application.idempotency.claim_key import ClaimIdempotencyKey
from application.idempotency.held_commit import HeldCommit
from application.idempotency.prune_answers import PruneIdempotencyAnswers
from application.idempotency.remember_answer import RememberAnswer
from application.interviews.delete_interview import DeleteInterview
from application.interviews.delete_stage_result import DeleteStageResult
from application.interviews.get_interview import GetInterview
from application.interviews.get_stage_result import GetStageResult
from application.interviews.list_interviews import ListInterviews
from application.interviews.list_stage_results import ListStageResults
from application.interviews.move_interview_stage import MoveInterviewStage
from application.interviews.restore_interview import RestoreInterview
from application.interviews.start_interview import StartInterview
from application.organisation.create_org_unit import CreateOrgUnit
from application.organisation.delete_org_unit import DeleteOrgUnit
from application.organisation.get_org_unit import GetOrgUnit
from application.organisation.list_org_units import ListOrgUnits
from application.organisation.rename_org_unit import RenameOrgUnit
from application.ports.candidate_queries import CandidateQueries
from application.ports.candidates import CandidateRepository
from application.ports.events import EventLog, EventQueries
from application.ports.idempotency import IdempotencyRecords
from application.ports.identity import (
    AccountStatuses,
    CompanyRepository,
    RefreshSessionRepository,
    UserRepository,
)
from application.ports.interviews import (
    InterviewParties,
    InterviewQueries,
    InterviewRepository,
    StageResultRepository,
)
from application.ports.org_lookup import OrgUnitLookup
from application.ports.organisation import OrgUnitQueries, OrgUnitRepository
from application.ports.reference_catalog import ReferenceCatalog
from application.ports.reference_queries import ReferenceQueries
from application.ports.search_index import SearchIndex
from application.ports.security import (
    AccessTokenCodec,
    LoginRateLimiter,
    PasswordHasher,
    RefreshTokenFactory,
)
from application.ports.skills import SkillQueries, SkillRepository
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import Transaction, UnitOfWork
from application.ports.user_queries import UserQueries
from application.ports.vacancies import VacancyQueries, VacancyRepository
from application.ports.webhooks import (
    DeliveryQueue,
    Jitter,
    WebhookOutbox,
    WebhookQueries,
    WebhookRepository,
    WebhookSecrets,
    WebhookSender,
)
from application.refs.get_reference import GetReference
from application.sessions.authenticate import Authenticate
from application.sessions.issuer import SessionPolicy, TokenIssuer
from application.sessions.login import Login
from application.sessions.logout import Logout
from application.sessions.logout_everywhere import LogoutEverywhere
from application.sessions.refresh import RefreshSessionTokens
from application.skills.create_skill import CreateSkill
from application.skills.delete_skill import DeleteSkill
from application.skills.get_skill import GetSkill
from application.skills.search_skills import SearchSkills
from application.users.change_own_password import ChangeOwnPassword
from application.users.create_user import CreateUser
from application.users.deactivate_user import DeactivateUser
from application.users.get_current_user import GetCurrentUser
from application.users.get_user import GetUser
from application.users.list_colleagues import ListColleagues
from application.users.list_users import ListUsers
from application.users.unblock_user import UnblockUser
from application.users.update_user import UpdateUser
from application.vacancies.create_vacancy import CreateVacancy
from application.vacancies.delete_vacancy import DeleteVacancy
from application.vacancies.get_vacancy import GetVacancy
from application.vacancies.list_vacancies import ListVacancies
from application.vacancies.references import VacancyReferences
from application.vacancies.restore_vacancy import RestoreVacancy
from application.vacancies.update_vacancy import UpdateVacancy
from application.webhooks.create_webhook import CreateWebhook
from application.webhooks.delete_webhook import DeleteWebhook
from application.webhooks.deliver_due import DeliverDueWebhooks
from application.webhooks.policy import WebhookPolicy
from application.webhooks.read_webhooks import GetWebhook, ListDeliveries, ListWebhooks
from application.webhooks.send_again import PingWebhook, Redeliver
from application.webhooks.update_webhook import UpdateWebhook
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

    @provide(scope=Scope.APP)
    def account_status_cache(self) -> AccountStatusCache:
        return AccountStatusCache()

    ids = provide(Uuid7Generator, scope=Scope.APP, provides=IdGenerator)

    @provide(scope=Scope.APP)
    def idempotency_policy(self) -> IdempotencyPolicy:
        return IdempotencyPolicy(keep_for=timedelta(hours=self._settings.idempotency_ttl_hours))

    @provide(scope=Scope.APP)
    def webhook_policy(self) -> WebhookPolicy:
        return WebhookPolicy(allow_http=not self._settings.is_production)

    webhook_secrets = provide(RandomWebhookSecrets, scope=Scope.APP, provides=WebhookSecrets)

    @provide(scope=Scope.APP)
    def event_retention(self) -> EventRetention:
        return EventRetention(keep_for=timedelta(days=self._settings.event_retention_days))

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

    transaction = provide(PgUnitOfWork, provides=Transaction)
    unit_of_work = provide(HeldCommit, provides=AnyOf[HeldCommit, UnitOfWork])
    idempotency_records = provide(SqlaIdempotencyRecords, provides=IdempotencyRecords)
    companies = provide(SqlaCompanyRepository, provides=CompanyRepository)
    users = provide(SqlaUserRepository, provides=UserRepository)
    refresh_sessions = provide(SqlaRefreshSessionRepository, provides=RefreshSessionRepository)
    account_statuses = provide(SqlaAccountStatuses, provides=AccountStatuses)
    user_queries = provide(SqlaUserQueries, provides=UserQueries)
    reference_queries = provide(SqlaReferenceQueries, provides=ReferenceQueries)
    interviews = provide(SqlaInterviewRepository, provides=InterviewRepository)
    stage_results = provide(SqlaStageResultRepository, provides=StageResultRepository)
    interview_parties = provide(SqlaInterviewParties, provides=InterviewParties)
    interview_queries = provide(SqlaInterviewQueries, provides=InterviewQueries)
    org_lookup = provide(SqlaOrgUnitLookup, provides=OrgUnitLookup)
    org_units = provide(SqlaOrgUnitRepository, provides=OrgUnitRepository)
    org_unit_queries = provide(SqlaOrgUnitQueries, provides=OrgUnitQueries)
    search_index = provide(SqlaSearchIndex, provides=SearchIndex)
    skills = provide(SqlaSkillRepository, provides=SkillRepository)
    skill_queries = provide(SqlaSkillQueries, provides=SkillQueries)
    vacancies = provide(SqlaVacancyRepository, provides=VacancyRepository)
    vacancy_queries = provide(SqlaVacancyQueries, provides=VacancyQueries)
    candidate_queries = provide(SqlaCandidateQueries, provides=CandidateQueries)
    candidates = provide(SqlaCandidateRepository, provides=CandidateRepository)
    reference_catalog = provide(SqlaReferenceCatalog, provides=ReferenceCatalog)
    event_log = provide(SqlaEventLog, provides=EventLog)
    event_queries = provide(SqlaEventQueries, provides=EventQueries)
    webhooks = provide(SqlaWebhookRepository, provides=WebhookRepository)
    webhook_queries = provide(SqlaWebhookQueries, provides=WebhookQueries)
    delivery_queue = provide(SqlaDeliveryQueue, provides=DeliveryQueue)


class UseCaseProvider(Provider):
    scope = Scope.REQUEST

    token_issuer = provide(TokenIssuer)
    event_recorder = provide(EventRecorder)
    read_history = provide(ReadHistory)
    read_event_feed = provide(ReadEventFeed)
    prune_events = provide(PruneEvents)
    create_webhook = provide(CreateWebhook)
    update_webhook = provide(UpdateWebhook)
    delete_webhook = provide(DeleteWebhook)
    get_webhook = provide(GetWebhook)
    list_webhooks = provide(ListWebhooks)
    list_deliveries = provide(ListDeliveries)
    redeliver = provide(Redeliver)
    ping_webhook = provide(PingWebhook)
    login = provide(Login)
    refresh = provide(RefreshSessionTokens)
    logout = provide(Logout)
    logout_everywhere = provide(LogoutEverywhere)
    authenticate = provide(Authenticate)
    get_current_user = provide(GetCurrentUser)
    list_users = provide(ListUsers)
    list_colleagues = provide(ListColleagues)
    get_user = provide(GetUser)
    create_user = provide(CreateUser)
    update_user = provide(UpdateUser)
    unblock_user = provide(UnblockUser)
    deactivate_user = provide(DeactivateUser)
    change_own_password = provide(ChangeOwnPassword)
    get_reference = provide(GetReference)
    create_company = provide(CreateCompany)
    add_company_user = provide(AddCompanyUser)
    start_interview = provide(StartInterview)
    get_interview = provide(GetInterview)
    list_interviews = provide(ListInterviews)
    delete_interview = provide(DeleteInterview)
    restore_interview = provide(RestoreInterview)
    move_interview_stage = provide(MoveInterviewStage)
    list_stage_results = provide(ListStageResults)
    get_stage_result = provide(GetStageResult)
    delete_stage_result = provide(DeleteStageResult)
    list_org_units = provide(ListOrgUnits)
    get_org_unit = provide(GetOrgUnit)
    create_org_unit = provide(CreateOrgUnit)
    rename_org_unit = provide(RenameOrgUnit)
    delete_org_unit = provide(DeleteOrgUnit)
    search_skills = provide(SearchSkills)
    get_skill = provide(GetSkill)
    create_skill = provide(CreateSkill)
    delete_skill = provide(DeleteSkill)
    vacancy_references = provide(VacancyReferences)
    list_vacancies = provide(ListVacancies)
    get_vacancy = provide(GetVacancy)
    create_vacancy = provide(CreateVacancy)
    update_vacancy = provide(UpdateVacancy)
    delete_vacancy = provide(DeleteVacancy)
    restore_vacancy = provide(RestoreVacancy)
    get_candidate = provide(GetCandidate)
    list_candidates = provide(ListCandidates)
    candidate_references = provide(CandidateReferences)
    create_candidate = provide(CreateCandidate)
    update_candidate = provide(UpdateCandidate)
    add_candidate_note = provide(AddCandidateNote)
    delete_candidate = provide(DeleteCandidate)
    restore_candidate = provide(RestoreCandidate)
    claim_idempotency_key = provide(ClaimIdempotencyKey)
    remember_answer = provide(RememberAnswer)
    prune_idempotency_answers = provide(PruneIdempotencyAnswers)


class WorkerProvider(Provider):
    """What a `gefest worker` process needs besides the infrastructure: its outbox, named by
    the worker's id (its leases carry it), and the HTTP sender."""

    scope = Scope.APP

    def __init__(self, worker_id: str) -> None:
        super().__init__()
        self._worker_id = worker_id

    @provide
    def outbox(self, engine: AsyncEngine, policy: WebhookPolicy) -> WebhookOutbox:
        return SqlaWebhookOutbox(engine, self._worker_id, policy.lease)

    @provide
    async def sender(self, settings: Settings) -> AsyncIterator[WebhookSender]:
        sender = HttpxWebhookSender(
            timeout_seconds=settings.webhook_timeout_seconds,
            allow_private=settings.webhook_allow_private,
        )
        yield sender
        await sender.close()

    jitter = provide(RandomJitter, provides=Jitter)
    deliver_due = provide(DeliverDueWebhooks)


def providers(settings: Settings) -> list[Provider]:
    return [InfrastructureProvider(settings), PostgresProvider(), UseCaseProvider()]


def make_container(settings: Settings, *extra: Provider) -> AsyncContainer:
    return make_async_container(*providers(settings), *extra)
