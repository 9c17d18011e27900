from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from litestar import Response
from litestar.datastructures import Cookie

from application.sessions.issuer import IssuedTokens
from entrypoints.http.auth import ACCESS_COOKIE, REFRESH_COOKIE
from entrypoints.settings import Settings


def refresh_cookie_paths(settings: Settings) -> list[str]:
    """The refresh cookie travels only to the session endpoints that need it: the main API's
    and, when the original system's contract is served too, its own (a login at either works
    at both)."""
    legacy = settings.legacy_base_path
    return [f"{settings.api_base_path}/sessions", *([f"{legacy}/sessions"] if legacy else [])]


def _cookie(
    settings: Settings, key: str, value: str, path: str, lifetime: timedelta | None
) -> Cookie:
    """A `lifetime` of None deletes the cookie in the browser."""
    return Cookie(
        key=key,
        value=value,
        path=path,
        httponly=True,
        secure=settings.cookie_secure,
        samesite=settings.cookie_samesite,
        max_age=0 if lifetime is None else max(0, int(lifetime.total_seconds())),
    )


def set_session_cookies(
    response: Response[Any], settings: Settings, tokens: IssuedTokens, now: datetime
) -> None:
    access_lifetime = tokens.access_expires_at - now
    refresh_lifetime = tokens.refresh_expires_at - now
    response.set_cookie(_cookie(settings, ACCESS_COOKIE, tokens.access_token, "/", access_lifetime))
    for path in refresh_cookie_paths(settings):
        response.set_cookie(
            _cookie(settings, REFRESH_COOKIE, tokens.refresh_token, path, refresh_lifetime)
        )


def clear_session_cookies(response: Response[Any], settings: Settings) -> None:
    response.set_cookie(_cookie(settings, ACCESS_COOKIE, "", "/", None))
    for path in refresh_cookie_paths(settings):
        response.set_cookie(_cookie(settings, REFRESH_COOKIE, "", path, None))
