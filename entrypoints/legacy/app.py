"""The original system's HTTP contract, served beside the main API over the same use cases:
`legacy_route_handlers(settings)` gives the routers `build_app` mounts under LEGACY_API_PREFIX.

Only the wire differs (entrypoints/legacy/schemas, the controllers' mapping, the old statuses of
entrypoints/legacy/errors.py); tenancy, the role matrix, validation and concurrency are the use
cases', as on the main API. The schema at `<prefix>/openapi.json` is the original document,
which this entrypoint implements."""

from __future__ import annotations

from typing import Any

from dishka.integrations.litestar import DishkaRouter
from litestar import MediaType, Router, get
from litestar.types import ControllerRouterHandler

from entrypoints.http.idempotency import idempotency_middleware
from entrypoints.legacy.controllers.candidates import LegacyCandidateController
from entrypoints.legacy.controllers.interviews import LegacyInterviewController
from entrypoints.legacy.controllers.organisation import LEGACY_ORGANISATION_CONTROLLERS
from entrypoints.legacy.controllers.refs import LegacyReferenceController
from entrypoints.legacy.controllers.sessions import LegacySessionController
from entrypoints.legacy.controllers.stage_results import LegacyStageResultController
from entrypoints.legacy.controllers.users import LegacyUsersController
from entrypoints.legacy.controllers.vacancies import LegacyVacancyController
from entrypoints.legacy.document import original_document
from entrypoints.legacy.errors import LEGACY_EXCEPTION_HANDLERS
from entrypoints.settings import Settings

LEGACY_CONTROLLERS: list[ControllerRouterHandler] = [
    LegacySessionController,
    LegacyReferenceController,
    LegacyUsersController,
    LegacyVacancyController,
    LegacyCandidateController,
    LegacyInterviewController,
    LegacyStageResultController,
    *LEGACY_ORGANISATION_CONTROLLERS,
]


def legacy_route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    base = settings.legacy_base_path
    if base is None:
        return []
    prefix = base.removesuffix("/api/v1") or "/"

    @get(f"{prefix.rstrip('/')}/openapi.json", include_in_schema=False, media_type=MediaType.JSON)
    async def legacy_openapi() -> dict[str, Any]:
        return {**original_document(), "servers": [{"url": prefix}]}

    api = DishkaRouter(
        base,
        route_handlers=LEGACY_CONTROLLERS,
        exception_handlers=LEGACY_EXCEPTION_HANDLERS,
        middleware=[idempotency_middleware],
        include_in_schema=False,
    )
    return [api, Router("/", route_handlers=[legacy_openapi])]
