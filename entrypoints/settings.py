"""Configuration read from the environment, once, at the edge."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

DEFAULT_JWT_SECRET = "dev-only-secret-change-me-0123456789abcdef"
DEFAULT_ADMIN_USERNAME = "admin"
DEFAULT_ADMIN_PASSWORD = "admin"
DEFAULT_API_PREFIX = "/api/v1"
# The service's own routes, outside both APIs.
_SERVICE_PATHS = ("/health", "/ready", "/docs", "/openapi.json")
DEFAULT_CORS_ORIGINS = ("https://gefest-pro.tech", "http://127.0.0.1:5501", "http://localhost:3000")


class ConfigurationError(Exception):
    """The environment asks for something the service refuses to run with."""


def to_async_database_url(url: str) -> str:
    """Accept the Dokku form `postgres://` and plain `postgresql://`; SQLAlchemy needs a driver."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ConfigurationError(f"DATABASE_URL is not a URL: {url!r}")
    if scheme in ("postgres", "postgresql", "postgresql+asyncpg"):
        return f"postgresql+asyncpg://{rest}"
    raise ConfigurationError(f"DATABASE_URL must be a PostgreSQL URL, got scheme {scheme!r}")


def _path(name: str, value: str, example: str) -> str:
    if not value.startswith("/") or "//" in value or any(c in value for c in "?#{}% "):
        raise ConfigurationError(f"{name} must be a path like {example}: {value!r}")
    return value


def _overlap(one: str, other: str) -> bool:
    """Whether a request path could belong to both prefixes."""
    return one == other or one.startswith(other + "/") or other.startswith(one + "/")


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ConfigurationError(f"expected a boolean, got {value!r}")


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    app_env: Literal["development", "production", "test"] = "development"
    jwt_secret: str = DEFAULT_JWT_SECRET
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 24 * 60 * 60
    cookie_secure: bool = True
    cookie_samesite: Literal["lax", "strict", "none"] = "none"
    cors_origins: tuple[str, ...] = DEFAULT_CORS_ORIGINS
    bcrypt_rounds: int = 12
    admin_username: str = DEFAULT_ADMIN_USERNAME
    admin_password: str = DEFAULT_ADMIN_PASSWORD
    login_rate_limit_per_minute: int = 10
    max_request_body_bytes: int = 1_048_576
    database_pool_size: int = 10
    database_timeout_seconds: float = 5.0
    data_dir: str = ".data"
    expose_statement_count: bool = False
    idempotency_ttl_hours: int = 24
    api_prefix: str = DEFAULT_API_PREFIX
    legacy_api_prefix: str = "/legacy"
    housekeeping_interval_seconds: float = 3600.0
    event_retention_days: int = 365
    webhook_allow_private: bool = False
    webhook_timeout_seconds: float = 10.0
    worker_poll_seconds: float = 1.0
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"

    @property
    def api_base_path(self) -> str:
        """Where the main API is served (API_PREFIX): a path of its own, not the root."""
        base = _path("API_PREFIX", self.api_prefix, "/api/v1").rstrip("/")
        if not base or any(_overlap(base, service) for service in _SERVICE_PATHS):
            raise ConfigurationError(f"API_PREFIX must be a path of its own: {self.api_prefix!r}")
        return base

    @property
    def legacy_base_path(self) -> str | None:
        """Where the original system's `/api/v1` is served; None when LEGACY_API_PREFIX is empty.
        It may not overlap the main API (API_PREFIX): one path, one contract."""
        prefix = self.legacy_api_prefix.strip()
        if not prefix:
            return None
        base = _path("LEGACY_API_PREFIX", prefix, "/legacy").rstrip("/") + "/api/v1"
        main = self.api_base_path
        if _overlap(base, main):
            raise ConfigurationError(
                f"LEGACY_API_PREFIX {prefix!r} ({base}) overlaps API_PREFIX {main!r}"
            )
        return base

    def check_prefixes(self) -> None:
        """Refuses prefixes that are no paths or overlap (raises ConfigurationError)."""
        self.legacy_base_path  # noqa: B018 - checks API_PREFIX too

    @property
    def async_database_url(self) -> str:
        if self.database_url is None:
            raise ConfigurationError("DATABASE_URL is not set")
        return to_async_database_url(self.database_url)

    def check_production_safety(self) -> None:
        """Production refuses the published defaults: anyone could sign tokens or log in."""
        if not self.is_production:
            return
        if self.jwt_secret == DEFAULT_JWT_SECRET or len(self.jwt_secret) < 32:
            raise ConfigurationError("APP_ENV=production needs JWT_SECRET (32+ characters)")
        if self.admin_password == DEFAULT_ADMIN_PASSWORD:
            raise ConfigurationError(
                "APP_ENV=production needs ADMIN_PASSWORD other than the default"
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        defaults = cls()

        def text(name: str, default: str) -> str:
            return env.get(name, default)

        def number(name: str, default: int) -> int:
            raw = env.get(name)
            if raw is None or raw == "":
                return default
            try:
                return int(raw)
            except ValueError as error:
                raise ConfigurationError(f"{name} must be an integer, got {raw!r}") from error

        app_env = text("APP_ENV", defaults.app_env)
        if app_env not in ("development", "production", "test"):
            raise ConfigurationError(
                f"APP_ENV must be development, production or test: {app_env!r}"
            )
        samesite = text("COOKIE_SAMESITE", defaults.cookie_samesite).lower()
        if samesite not in ("lax", "strict", "none"):
            raise ConfigurationError(f"COOKIE_SAMESITE must be lax, strict or none: {samesite!r}")
        origins = env.get("CORS_ORIGINS")
        settings = cls(
            database_url=env.get("DATABASE_URL") or None,
            host=text("HOST", defaults.host),
            port=number("PORT", defaults.port),
            workers=number("WORKERS", defaults.workers),
            app_env=app_env,  # type: ignore[arg-type]
            jwt_secret=text("JWT_SECRET", defaults.jwt_secret),
            access_token_ttl_seconds=number(
                "ACCESS_TOKEN_TTL_SECONDS", defaults.access_token_ttl_seconds
            ),
            refresh_token_ttl_seconds=number(
                "REFRESH_TOKEN_TTL_SECONDS", defaults.refresh_token_ttl_seconds
            ),
            cookie_secure=_flag(env.get("COOKIE_SECURE", "true")),
            cookie_samesite=samesite,  # type: ignore[arg-type]
            cors_origins=(
                tuple(o.strip() for o in origins.split(",") if o.strip())
                if origins is not None
                else defaults.cors_origins
            ),
            bcrypt_rounds=number("BCRYPT_ROUNDS", defaults.bcrypt_rounds),
            admin_username=text("ADMIN_USERNAME", defaults.admin_username),
            admin_password=text("ADMIN_PASSWORD", defaults.admin_password),
            login_rate_limit_per_minute=number(
                "LOGIN_RATE_LIMIT_PER_MINUTE", defaults.login_rate_limit_per_minute
            ),
            max_request_body_bytes=number(
                "MAX_REQUEST_BODY_BYTES", defaults.max_request_body_bytes
            ),
            database_pool_size=number("DATABASE_POOL_SIZE", defaults.database_pool_size),
            database_timeout_seconds=float(
                env.get("DATABASE_TIMEOUT_SECONDS", defaults.database_timeout_seconds)
            ),
            data_dir=text("DATA_DIR", defaults.data_dir),
            expose_statement_count=_flag(env.get("EXPOSE_STATEMENT_COUNT", "false")),
            idempotency_ttl_hours=number("IDEMPOTENCY_TTL_HOURS", defaults.idempotency_ttl_hours),
            api_prefix=text("API_PREFIX", defaults.api_prefix),
            legacy_api_prefix=text("LEGACY_API_PREFIX", defaults.legacy_api_prefix),
            event_retention_days=number("EVENT_RETENTION_DAYS", defaults.event_retention_days),
            webhook_allow_private=_flag(env.get("WEBHOOK_ALLOW_PRIVATE", "false")),
            webhook_timeout_seconds=float(
                env.get("WEBHOOK_TIMEOUT_SECONDS", defaults.webhook_timeout_seconds)
            ),
            worker_poll_seconds=float(env.get("WORKER_POLL_SECONDS", defaults.worker_poll_seconds)),
        )
        if settings.database_url is not None:
            to_async_database_url(settings.database_url)
        settings.check_prefixes()
        if settings.idempotency_ttl_hours < 1:
            raise ConfigurationError("IDEMPOTENCY_TTL_HOURS must be 1 or more")
        if settings.event_retention_days < 1:
            raise ConfigurationError("EVENT_RETENTION_DAYS must be 1 or more")
        return settings
