"""`gefest create-company` and `gefest create-user`, run in-process against real PostgreSQL.

main() calls asyncio.run, which cannot run inside a running event loop: the CLI runs from plain
`def` tests and fixtures only; the one async test (login over HTTP) gets its data from them."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from domain.identity.role import Role
from entrypoints.cli.main import main
from entrypoints.http.app import create_app
from tests.api.conftest import BASE_URL, api_settings
from tests.support.lifespan import start_app, stop_app
from tests.support.tenants import valid_ogrn

PASSWORD = "correct-horse-battery"


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


Gefest = Callable[..., Outcome]


@pytest.fixture
def gefest(
    migrated_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Any,
) -> Gefest:
    """`gefest(*argv)` runs the command on the session's migrated database."""
    return _runner(migrated_database_url, monkeypatch, capsys, tmp_path)


def _runner(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cwd: Any
) -> Gefest:
    monkeypatch.chdir(cwd)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("APP_ENV", "test")
    monkeypatch.setenv("BCRYPT_ROUNDS", "4")

    def run(*argv: str) -> Outcome:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


def fetch(url: str, sql: str, **params: Any) -> list[Any]:
    async def query() -> list[Any]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                return list((await connection.execute(text(sql), params)).all())
        finally:
            await engine.dispose()

    return asyncio.run(query())


def company_rows(url: str, ogrn: str) -> list[Any]:
    return fetch(url, "SELECT * FROM companies WHERE ogrn = :ogrn", ogrn=ogrn)


def user_rows(url: str, username: str) -> list[Any]:
    return fetch(url, "SELECT * FROM users WHERE username = :username", username=username)


def unique(prefix: str) -> str:
    return f"{prefix}.{secrets.token_hex(4)}"


def create_company(gefest: Gefest, ogrn: str, admin: str, *extra: str) -> Outcome:
    return gefest(
        "create-company",
        "--full-name",
        "  ООО «Ромашка»  ",
        "--short-name",
        "Ромашка",
        "--ogrn",
        ogrn,
        "--admin-username",
        admin,
        "--admin-password",
        PASSWORD,
        *extra,
    )


def create_user(gefest: Gefest, ogrn: str, username: str, *extra: str, **fields: str) -> Outcome:
    values = {
        "password": PASSWORD,
        "role": "recruiter",
        "first-name": "Olga",
        "last-name": "Sidorova",
        "email": f"{username}@example.com",
    }
    values.update({name.replace("_", "-"): value for name, value in fields.items()})
    options = [item for name, value in values.items() for item in (f"--{name}", value)]
    return gefest("create-user", "--company-ogrn", ogrn, "--username", username, *options, *extra)


# --- create-company -----------------------------------------------------------------------------


def test_create_company_registers_the_company_and_its_admin(gefest, migrated_database_url):
    ogrn, admin = valid_ogrn(), unique("boss")

    outcome = create_company(gefest, ogrn, admin)

    assert outcome.code == 0, outcome.err
    [company] = company_rows(migrated_database_url, ogrn)
    assert company.full_name == "ООО «Ромашка»"
    assert company.short_name == "Ромашка"
    [user] = user_rows(migrated_database_url, admin)
    assert user.company_id == company.id
    assert Role.from_code(user.role_code) is Role.ADMIN
    assert user.email == f"{admin}@gefest.local"
    assert user.password_hash.startswith("$2b$") and PASSWORD not in user.password_hash
    assert user.is_active and not user.is_blocked and not user.must_change_password
    assert str(company.id) in outcome.out and str(user.id) in outcome.out


def test_create_company_takes_the_admin_email(gefest, migrated_database_url):
    ogrn, admin = valid_ogrn(), unique("boss")
    outcome = create_company(gefest, ogrn, admin, "--admin-email", "Boss@Example.COM")
    assert outcome.code == 0, outcome.err
    [user] = user_rows(migrated_database_url, admin)
    assert user.email == "boss@example.com"


@pytest.mark.parametrize(
    ("ogrn", "message"),
    [
        ("102770013219", "ogrn: OGRN is exactly 13 digits"),
        ("10277001321955", "ogrn: OGRN is exactly 13 digits"),
        ("1O27700132195", "ogrn: OGRN is exactly 13 digits"),
        ("１０２７７００１３２１９５", "ogrn: OGRN is exactly 13 digits"),  # full-width digits
        ("1027700132194", "ogrn: OGRN check digit does not match"),
    ],
)
def test_a_bad_ogrn_is_refused_by_name_and_nothing_is_created(
    gefest, migrated_database_url, ogrn, message
):
    admin = unique("boss")

    outcome = create_company(gefest, ogrn, admin)

    assert outcome.code != 0
    [line] = outcome.err.strip().splitlines()
    assert message in line
    assert company_rows(migrated_database_url, ogrn) == []
    assert user_rows(migrated_database_url, admin) == []


def test_every_problem_is_reported_as_field_and_message(gefest, migrated_database_url):
    ogrn = "1027700132194"
    outcome = gefest(
        "create-company",
        "--full-name",
        " ",
        "--short-name",
        "R",
        "--ogrn",
        ogrn,
        "--admin-username",
        "no spaces",
        "--admin-password",
        "short",
    )
    assert outcome.code == 1
    for expected in (
        "full_name: 1-500 characters",
        "ogrn: OGRN check digit does not match",
        "admin_username: 3-64 characters",
        "admin_password: at least 8 characters",
    ):
        assert expected in outcome.err
    assert "admin_email" not in outcome.err  # the default email is not the operator's mistake
    assert company_rows(migrated_database_url, ogrn) == []


def test_a_taken_admin_username_creates_no_company(gefest, migrated_database_url):
    admin = unique("boss")
    assert create_company(gefest, valid_ogrn(), admin).code == 0
    second = valid_ogrn()

    outcome = create_company(gefest, second, admin)

    assert outcome.code != 0
    assert "AlreadyExists" in outcome.err and admin in outcome.err
    assert company_rows(migrated_database_url, second) == []
    assert len(user_rows(migrated_database_url, admin)) == 1


def test_a_taken_ogrn_creates_no_admin(gefest, migrated_database_url):
    ogrn = valid_ogrn()
    assert create_company(gefest, ogrn, unique("boss")).code == 0
    admin = unique("boss")

    outcome = create_company(gefest, ogrn, admin)

    assert outcome.code != 0
    assert "a company with this OGRN exists" in outcome.err
    assert len(company_rows(migrated_database_url, ogrn)) == 1
    assert user_rows(migrated_database_url, admin) == []


def test_an_unmigrated_database_is_refused_not_migrated(
    empty_database_url, monkeypatch, capsys, tmp_path
):
    gefest = _runner(empty_database_url, monkeypatch, capsys, tmp_path)

    outcome = create_company(gefest, valid_ogrn(), unique("boss"))

    assert outcome.code == 1
    assert "gefest: error: the database has no schema yet: run `gefest migrate` first" in (
        outcome.err
    )
    tables = fetch(
        empty_database_url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    )
    assert tables == []


# --- create-user --------------------------------------------------------------------------------


@pytest.fixture
def company(gefest: Gefest, migrated_database_url: str) -> tuple[str, Any]:
    """(OGRN, company row) of a company made by the CLI."""
    ogrn = valid_ogrn()
    assert create_company(gefest, ogrn, unique("boss")).code == 0
    [row] = company_rows(migrated_database_url, ogrn)
    return ogrn, row


def test_create_user_opens_an_account_in_the_company_named_by_ogrn(
    gefest, migrated_database_url, company
):
    ogrn, row = company
    username = unique("olga")

    outcome = create_user(
        gefest,
        ogrn,
        username,
        "--middle-name",
        "Ивановна",
        role="manager",
        email="Olga@Example.COM",
    )

    assert outcome.code == 0, outcome.err
    [user] = user_rows(migrated_database_url, username)
    assert user.company_id == row.id
    assert Role.from_code(user.role_code) is Role.MANAGER
    assert (user.first_name, user.last_name, user.middle_name) == ("Olga", "Sidorova", "Ивановна")
    assert user.email == "olga@example.com"
    assert user.password_hash.startswith("$2b$")
    assert str(user.id) in outcome.out and "manager" in outcome.out


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_create_user_gives_every_role(gefest, migrated_database_url, company, role):
    username = unique(role)
    assert create_user(gefest, company[0], username, role=role).code == 0
    [user] = user_rows(migrated_database_url, username)
    assert Role.from_code(user.role_code).value == role


def test_create_user_refuses_a_taken_username(gefest, migrated_database_url, company):
    username = unique("olga")
    assert create_user(gefest, company[0], username).code == 0

    outcome = create_user(gefest, company[0], username, email="another@example.com")

    assert outcome.code != 0
    assert "AlreadyExists" in outcome.err and username in outcome.err
    [user] = user_rows(migrated_database_url, username)
    assert user.email == f"{username}@example.com"


def test_create_user_refuses_a_bad_email_and_password_together(
    gefest, migrated_database_url, company
):
    username = unique("olga")

    outcome = create_user(gefest, company[0], username, email="not-an-email", password="short")

    assert outcome.code != 0
    assert "email: not a valid email address" in outcome.err
    assert "password: at least 8 characters" in outcome.err
    assert user_rows(migrated_database_url, username) == []


def test_create_user_in_an_unknown_company_is_refused(gefest, migrated_database_url):
    ogrn, username = valid_ogrn(), unique("olga")

    outcome = create_user(gefest, ogrn, username)

    assert outcome.code != 0
    assert f"no company with OGRN {ogrn}" in outcome.err
    assert user_rows(migrated_database_url, username) == []


def test_create_user_names_a_malformed_company_ogrn(gefest, migrated_database_url):
    username = unique("olga")
    outcome = create_user(gefest, "1027700132194", username)
    assert outcome.code != 0
    assert "company_ogrn: OGRN check digit does not match" in outcome.err
    assert user_rows(migrated_database_url, username) == []


def test_create_user_offers_only_the_five_roles(gefest, company, capsys):
    with pytest.raises(SystemExit) as exit_:
        create_user(gefest, company[0], unique("olga"), role="boss")
    assert exit_.value.code == 2
    assert "invalid choice: 'boss'" in capsys.readouterr().err


# --- the accounts work over HTTP ----------------------------------------------------------------


@pytest.fixture
def accounts(gefest: Gefest) -> dict[str, str]:
    """An admin and a recruiter made by the CLI: username -> expected role code."""
    ogrn, admin, recruiter = valid_ogrn(), unique("boss"), unique("olga")
    assert create_company(gefest, ogrn, admin).code == 0
    assert create_user(gefest, ogrn, recruiter, role="recruiter").code == 0
    return {admin: "admin", recruiter: "recruiter"}


async def test_the_created_accounts_log_in_over_http(migrated_database_url, accounts):
    app = create_app(api_settings(migrated_database_url))
    await start_app(app)
    try:
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50000))
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            for username, role_code in accounts.items():
                response = await client.post(
                    "/api/v1/sessions", json={"username": username, "password": PASSWORD}
                )
                assert response.status_code == 200, response.text
                assert response.json()["role_code"] == role_code
                me = await client.get("/api/v1/users/current")
                assert me.status_code == 200, me.text
                assert me.json()["username"] == username
    finally:
        await stop_app(app)
