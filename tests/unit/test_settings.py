from __future__ import annotations

from pathlib import Path

import pytest

from entrypoints.cli.dotenv import load_dotenv, parse_dotenv
from entrypoints.settings import (
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_CORS_ORIGINS,
    DEFAULT_JWT_SECRET,
    ConfigurationError,
    Settings,
    to_async_database_url,
)

STRONG_SECRET = "x" * 40


def test_defaults_without_environment():
    settings = Settings.from_env({})

    assert settings.database_url is None
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.app_env == "development"
    assert settings.cors_origins == DEFAULT_CORS_ORIGINS
    assert settings.cookie_secure is True
    assert settings.data_dir == ".data"


def test_empty_database_url_means_unset():
    assert Settings.from_env({"DATABASE_URL": ""}).database_url is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgres://user:pass@db.host:5432/app",
            "postgresql+asyncpg://user:pass@db.host:5432/app",
        ),
        ("postgresql://user@127.0.0.1:5432/app", "postgresql+asyncpg://user@127.0.0.1:5432/app"),
        ("postgresql+asyncpg://u:p@h/d", "postgresql+asyncpg://u:p@h/d"),
    ],
)
def test_dokku_and_plain_postgres_urls_get_the_async_driver(url, expected):
    assert to_async_database_url(url) == expected
    assert Settings.from_env({"DATABASE_URL": url}).async_database_url == expected


@pytest.mark.parametrize("url", ["mysql://u:p@h/d", "sqlite:///gefest.db", "not a url"])
def test_other_databases_are_refused(url):
    with pytest.raises(ConfigurationError):
        Settings.from_env({"DATABASE_URL": url})


def test_async_url_without_database_url_is_a_configuration_error():
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        _ = Settings.from_env({}).async_database_url


def test_numbers_are_read_and_garbage_refused():
    settings = Settings.from_env({"PORT": "9001", "BCRYPT_ROUNDS": "4", "HOST": "0.0.0.0"})
    assert (settings.host, settings.port, settings.bcrypt_rounds) == ("0.0.0.0", 9001, 4)
    with pytest.raises(ConfigurationError, match="PORT"):
        Settings.from_env({"PORT": "eighty"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[("1", True), ("true", True), ("Yes", True), ("ON", True)],
        *[("0", False), ("false", False), ("no", False), ("off", False), ("", False)],
    ],
)
def test_booleans(raw, expected):
    assert Settings.from_env({"COOKIE_SECURE": raw}).cookie_secure is expected


def test_a_boolean_that_is_not_one_is_refused():
    with pytest.raises(ConfigurationError):
        Settings.from_env({"COOKIE_SECURE": "maybe"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "https://a.example, http://localhost:3000 ,",
            ("https://a.example", "http://localhost:3000"),
        ),
        ("https://only.example", ("https://only.example",)),
        ("", ()),
    ],
)
def test_cors_origins_are_comma_separated(raw, expected):
    assert Settings.from_env({"CORS_ORIGINS": raw}).cors_origins == expected


def test_samesite_and_app_env_are_checked():
    assert Settings.from_env({"COOKIE_SAMESITE": "Strict"}).cookie_samesite == "strict"
    with pytest.raises(ConfigurationError, match="COOKIE_SAMESITE"):
        Settings.from_env({"COOKIE_SAMESITE": "sometimes"})
    with pytest.raises(ConfigurationError, match="APP_ENV"):
        Settings.from_env({"APP_ENV": "staging"})


def test_production_refuses_the_default_jwt_secret():
    settings = Settings.from_env({"APP_ENV": "production", "ADMIN_PASSWORD": "s3cret-admin"})
    assert settings.jwt_secret == DEFAULT_JWT_SECRET
    with pytest.raises(ConfigurationError, match="JWT_SECRET"):
        settings.check_production_safety()


def test_production_refuses_a_short_jwt_secret():
    settings = Settings.from_env(
        {"APP_ENV": "production", "JWT_SECRET": "short", "ADMIN_PASSWORD": "s3cret-admin"}
    )
    with pytest.raises(ConfigurationError, match="JWT_SECRET"):
        settings.check_production_safety()


def test_production_refuses_the_default_admin_password():
    settings = Settings.from_env({"APP_ENV": "production", "JWT_SECRET": STRONG_SECRET})
    assert settings.admin_password == DEFAULT_ADMIN_PASSWORD
    with pytest.raises(ConfigurationError, match="ADMIN_PASSWORD"):
        settings.check_production_safety()


def test_production_with_own_secrets_starts_and_development_accepts_defaults():
    Settings.from_env(
        {"APP_ENV": "production", "JWT_SECRET": STRONG_SECRET, "ADMIN_PASSWORD": "s3cret-admin"}
    ).check_production_safety()
    Settings.from_env({}).check_production_safety()


def test_dotenv_lines():
    text = """
# a comment
export PORT=9000
HOST = 0.0.0.0
JWT_SECRET="quoted # not a comment"
ADMIN_PASSWORD='single'
CORS_ORIGINS=https://a.example  # trailing comment
DATABASE_URL=
"""
    assert parse_dotenv(text) == {
        "PORT": "9000",
        "HOST": "0.0.0.0",
        "JWT_SECRET": "quoted # not a comment",
        "ADMIN_PASSWORD": "single",
        "CORS_ORIGINS": "https://a.example",
        "DATABASE_URL": "",
    }


def test_dotenv_refuses_a_line_without_assignment():
    with pytest.raises(ConfigurationError, match=r"\.env:2"):
        parse_dotenv("A=1\njust words\n")


def test_dotenv_never_overrides_the_environment(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("PORT=9000\nHOST=0.0.0.0\n")
    environ = {"PORT": "8001"}

    loaded = load_dotenv(dotenv, environ)

    assert loaded == {"HOST": "0.0.0.0"}
    assert environ == {"PORT": "8001", "HOST": "0.0.0.0"}
    assert load_dotenv(tmp_path / "missing.env", environ) == {}


class _RecordingEnvironment(dict[str, str]):
    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key, default=None):
        self.asked.add(key)
        return super().get(key, default)


def test_the_env_example_documents_every_setting_with_its_default():
    example = Path(__file__).resolve().parents[2] / ".env.example"
    documented = parse_dotenv(example.read_text())
    environment = _RecordingEnvironment()
    Settings.from_env(environment)

    assert environment.asked <= documented.keys()
    assert Settings.from_env(documented) == Settings.from_env({})


@pytest.mark.parametrize(
    ("raw", "base"),
    [("/legacy", "/legacy/api/v1"), ("/old/", "/old/api/v1"), ("", None), ("  ", None)],
)
def test_the_legacy_prefix_names_where_the_old_contract_is_served(raw, base):
    assert Settings.from_env({"LEGACY_API_PREFIX": raw}).legacy_base_path == base


def test_the_legacy_contract_is_served_by_default():
    assert Settings.from_env({}).legacy_base_path == "/legacy/api/v1"


@pytest.mark.parametrize("raw", ["/", "/api/v1/..", "legacy", "/a b", "//x", "/{x}"])
def test_a_legacy_prefix_overlapping_the_api_or_not_a_path_is_refused(raw):
    with pytest.raises(ConfigurationError):
        Settings.from_env({"LEGACY_API_PREFIX": raw})


def test_the_main_api_prefix_is_configurable_and_api_v1_by_default():
    assert Settings.from_env({}).api_base_path == "/api/v1"
    assert Settings.from_env({"API_PREFIX": "/v2/"}).api_base_path == "/v2"


def test_api_v1_can_be_given_to_the_old_contract():
    settings = Settings.from_env({"API_PREFIX": "/v2", "LEGACY_API_PREFIX": "/"})
    assert (settings.api_base_path, settings.legacy_base_path) == ("/v2", "/api/v1")


@pytest.mark.parametrize(
    ("api", "legacy"),
    [
        ("/api/v1", "/"),  # both at /api/v1
        ("/legacy", "/legacy"),  # the old contract inside the main API
        ("/legacy/api/v1/x", "/legacy"),  # the main API inside the old contract
        ("/", "/legacy"),  # the root is not a prefix of its own
        ("/docs", "/legacy"),  # nor a service path
        ("/health/x", "/legacy"),
        ("v2", "/legacy"),  # not a path
        ("/v 2", "/legacy"),
    ],
)
def test_overlapping_prefixes_or_a_bad_api_prefix_are_refused_at_start(api, legacy):
    with pytest.raises(ConfigurationError):
        Settings.from_env({"API_PREFIX": api, "LEGACY_API_PREFIX": legacy})
