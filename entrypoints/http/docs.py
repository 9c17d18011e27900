"""OpenAPI schema and Swagger UI served from packaged assets: /docs works with no internet."""

from __future__ import annotations

from typing import Any

import msgspec
import swagger_ui_bundle
from litestar import Request, get
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

ASSETS_PATH = "/docs-assets"

OPENAPI_DESCRIPTION = """
Gefest is the backend of a recruiting tool (an applicant-tracking system).

**Signing in.** `POST /api/v1/sessions` with `{"username": "admin", "password": "admin"}` on a
fresh install sets the `at` (access) and `rt` (refresh) cookies; the browser then sends them with
every request. Non-browser clients may send `Authorization: Bearer <access token>` instead.

**Errors** always have the shape `{"error", "error_description", "details"}`.
"""


def openapi_config(version: str) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Gefest API",
        version=version,
        description=OPENAPI_DESCRIPTION.strip(),
        path="/docs",
        render_plugins=[
            SwaggerRenderPlugin(
                js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
                css_url=f"{ASSETS_PATH}/swagger-ui.css",
                standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
                favicon="",
                path="/",
            )
        ],
        components=Components(
            security_schemes={
                "cookie": SecurityScheme(type="apiKey", name="at", security_scheme_in="cookie"),
                "bearer": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT"),
            }
        ),
        security=[{"cookie": []}, {"bearer": []}],
        use_handler_docstrings=False,
    )


def docs_assets_router() -> Any:
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[swagger_ui_bundle.swagger_ui_path],
        include_in_schema=False,
        opt={"skip_json_guard": True},
    )


@get("/openapi.json", include_in_schema=False, media_type="application/json")
async def openapi_json(request: Request[Any, Any, Any]) -> bytes:
    """The schema at the conventional address as well as at /docs/openapi.json."""
    return msgspec.json.encode(request.app.openapi_schema.to_schema())
