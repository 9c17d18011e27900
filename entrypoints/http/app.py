"""The HTTP entrypoint: `create_app()` builds the Litestar application around the container."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from dishka import AsyncContainer, Provider
from dishka.integrations.litestar import DishkaRouter, LitestarProvider, setup_dishka
from litestar import Litestar, Router
from litestar.config.cors import CORSConfig

from entrypoints.http.allow import correct_allow_header
from entrypoints.http.auth import CallerProvider
from entrypoints.http.controllers.candidate_reads import CandidateReadController
from entrypoints.http.controllers.candidate_writes import CandidateWriteController
from entrypoints.http.controllers.events import HISTORY_HANDLERS, EventController
from entrypoints.http.controllers.interviews import InterviewController
from entrypoints.http.controllers.organisation import (
    DepartmentController,
    GradeController,
    PositionController,
)
from entrypoints.http.controllers.refs import ReferenceController
from entrypoints.http.controllers.service import health, ready
from entrypoints.http.controllers.sessions import SessionController
from entrypoints.http.controllers.skills import SkillController
from entrypoints.http.controllers.users import CurrentUserController, UsersController
from entrypoints.http.controllers.vacancies import VacancyController
from entrypoints.http.controllers.webhooks import WebhookController
from entrypoints.http.docs import docs_assets_router, openapi_config, openapi_json
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.guards import GuardedRequest, add_security_headers, check_request
from entrypoints.http.housekeeping import Housekeeping
from entrypoints.http.idempotency import REPLAYED_HEADER, idempotency_middleware
from entrypoints.http.openapi_fixes import openapi_schema_fixes
from entrypoints.http.statement_count import add_statement_count
from entrypoints.ioc import make_container
from entrypoints.legacy.app import legacy_route_handlers
from entrypoints.legacy.interview_parts import LegacyProvider
from entrypoints.settings import Settings

API_CONTROLLERS = [
    SessionController,
    CurrentUserController,
    UsersController,
    ReferenceController,
    DepartmentController,
    PositionController,
    GradeController,
    SkillController,
    InterviewController,
    CandidateReadController,
    CandidateWriteController,
    VacancyController,
    EventController,
    *HISTORY_HANDLERS,
    WebhookController,
]


def _version() -> str:
    try:
        return version("gefest")
    except PackageNotFoundError:
        return "0.0.0"


def create_app(settings: Settings | None = None, *overrides: Provider) -> Litestar:
    """Build the app. With no arguments (as ASGI servers call it) settings come from the
    environment; tests pass settings and override providers (in-memory adapters, clocks)."""
    settings = settings or Settings.from_env()
    settings.check_production_safety()
    container = make_container(
        settings, LitestarProvider(), CallerProvider(), LegacyProvider(), *overrides
    )
    return build_app(settings, container)


def build_app(settings: Settings, container: AsyncContainer) -> Litestar:
    api = DishkaRouter(
        settings.api_base_path, route_handlers=API_CONTROLLERS, middleware=[idempotency_middleware]
    )
    service = DishkaRouter("/", route_handlers=[health, ready])
    housekeeping = Housekeeping(container, settings.housekeeping_interval_seconds)

    async def close_container() -> None:
        await housekeeping.stop()
        await container.close()

    app = Litestar(
        route_handlers=[
            api,
            service,
            Router("/", route_handlers=[openapi_json]),
            docs_assets_router(),
            *legacy_route_handlers(settings),
        ],
        openapi_config=openapi_config(_version()),
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=check_request,
        before_send=[
            add_security_headers,
            correct_allow_header,
            *([add_statement_count] if settings.expose_statement_count else []),
        ],
        cors_config=CORSConfig(
            allow_origins=list(settings.cors_origins),
            allow_credentials=True,
            allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"],
            allow_headers=[
                "Content-Type",
                "Authorization",
                "If-Match",
                "If-None-Match",
                "Idempotency-Key",
            ],
            expose_headers=["ETag", "Location", "Retry-After", REPLAYED_HEADER],
            max_age=600,
        ),
        request_max_body_size=settings.max_request_body_bytes,
        request_class=GuardedRequest,
        on_startup=[openapi_schema_fixes(settings.api_base_path), housekeeping.start],
        on_shutdown=[close_container],
        debug=False,
        logging_config=None,
    )
    setup_dishka(container, app)
    logging.getLogger("gefest").setLevel(logging.INFO)
    return app
