"""The original system's HTTP contract, served beside the main API over the same use cases:
`legacy_route_handlers(settings)` gives the routers `build_app` mounts under LEGACY_API_PREFIX.

Only the wire differs (entrypoints/legacy/schemas, the controllers' mapping, the old statuses of
entrypoints/legacy/errors.py); tenancy, the role matrix, validation and concurrency are the use
cases', as on the main API. The schema at `<prefix>/openapi.json` is the original document,
which this entrypoint implements, with what Gefest adds to it (entrypoints/legacy/document.py)."""

from __future__ import annotations

from typing import Any

from dishka.integrations.litestar import DishkaRouter
from litestar import MediaType, Response, Router, get
from litestar.types import ControllerRouterHandler

from entrypoints.http.docs import ASSETS_PATH
from entrypoints.http.idempotency import idempotency_middleware
from entrypoints.legacy.controllers.candidates import LegacyCandidateController
from entrypoints.legacy.controllers.interviews import LegacyInterviewController
from entrypoints.legacy.controllers.organisation import LEGACY_ORGANISATION_CONTROLLERS
from entrypoints.legacy.controllers.refs import LegacyReferenceController
from entrypoints.legacy.controllers.sessions import LegacySessionController
from entrypoints.legacy.controllers.stage_results import LegacyStageResultController
from entrypoints.legacy.controllers.users import LegacyUsersController
from entrypoints.legacy.controllers.vacancies import LegacyVacancyController
from entrypoints.legacy.document import served_document
from entrypoints.legacy.errors import LEGACY_EXCEPTION_HANDLERS
from entrypoints.legacy.query import check_legacy_request
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


def legacy_schema_path(settings: Settings) -> str | None:
    """`<LEGACY_API_PREFIX>/openapi.json`; with the old contract at the root (LEGACY_API_PREFIX=/,
    so that `/api/v1` is the old one) `/openapi.json` stays the main API's, and the old schema
    is `/api/v1/openapi.json`."""
    base = settings.legacy_base_path
    if base is None:
        return None
    prefix = base.removesuffix("/api/v1")
    return f"{prefix or base}/openapi.json"


_DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Gefest: the original system's contract</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({{url: "{schema}", dom_id: "#swagger-ui"}});</script>
</body>
</html>
"""


def legacy_route_handlers(settings: Settings) -> list[ControllerRouterHandler]:
    base = settings.legacy_base_path
    if base is None:
        return []
    prefix = base.removesuffix("/api/v1") or "/"

    schema_path = legacy_schema_path(settings) or ""
    docs_page = _DOCS_PAGE.format(assets=ASSETS_PATH, schema=schema_path)

    @get(schema_path, include_in_schema=False, media_type=MediaType.JSON)
    async def legacy_openapi() -> dict[str, Any]:
        return {**served_document(), "servers": [{"url": prefix}]}

    @get(schema_path.removesuffix("openapi.json") + "docs", include_in_schema=False)
    async def legacy_docs() -> Response[str]:
        """Swagger UI over the legacy schema, from the same packaged assets as /docs."""
        return Response(docs_page, media_type=MediaType.HTML)

    api = DishkaRouter(
        base,
        route_handlers=LEGACY_CONTROLLERS,
        exception_handlers=LEGACY_EXCEPTION_HANDLERS,
        middleware=[idempotency_middleware],
        before_request=check_legacy_request,
        include_in_schema=False,
    )
    return [api, Router("/", route_handlers=[legacy_openapi, legacy_docs])]
