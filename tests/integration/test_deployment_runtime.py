"""What a container does, run here without Docker: the Dockerfile's start command and
HEALTHCHECK, Dokku's predeploy step and healthchecks from app.json, and a DATABASE_URL in the
`postgres://` form that `dokku postgres:link` sets — all against the test PostgreSQL server."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url

from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.support.deployment import (
    DOCKERFILE,
    PROJECT_ROOT,
    dockerfile_stages,
    exec_form,
    load_app_json,
    parse_healthcheck,
)
from tests.support.embedded import scratch_directory
from tests.support.lifespan import stop_app

STARTUP_SECONDS = 90
SHUTDOWN_SECONDS = 30
STRONG_SECRET = "k" * 48
ADMIN_PASSWORD = "a-real-admin-password"
# Settings the outer environment might hold; the container gets only what we give it.
SETTING_NAMES = (
    *("DATABASE_URL", "HOST", "PORT", "WORKERS", "APP_ENV", "JWT_SECRET", "ADMIN_USERNAME"),
    *("ADMIN_PASSWORD", "COOKIE_SECURE", "COOKIE_SAMESITE", "CORS_ORIGINS", "BCRYPT_ROUNDS"),
    *("DATA_DIR", "LOGIN_RATE_LIMIT_PER_MINUTE"),
)


def dokku_form(url: str) -> str:
    """The URL as `dokku postgres:link` writes it: `postgres://user:password@host:port/db`."""
    return make_url(url).set(drivername="postgres").render_as_string(hide_password=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def image_start_command() -> list[str]:
    return exec_form(dockerfile_stages(DOCKERFILE.read_text())[-1].all("CMD")[-1].arguments)


def image_healthcheck() -> list[str]:
    return parse_healthcheck(dockerfile_stages(DOCKERFILE.read_text())[-1].all("HEALTHCHECK")[-1])[
        1
    ]


def container_env(database_url: str, port: int, **overrides: str) -> dict[str, str]:
    """The environment of the container: the image's ENV (HOST aside: loopback here), the
    settings Dokku's config:set gives, and the virtualenv on PATH like /opt/gefest/bin."""
    env = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    env.update(
        {
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "PYTHONPATH": str(PROJECT_ROOT),
            "PYTHONUNBUFFERED": "1",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "WORKERS": "2",
            "APP_ENV": "production",
            "JWT_SECRET": STRONG_SECRET,
            "ADMIN_PASSWORD": ADMIN_PASSWORD,
            "CORS_ORIGINS": "https://gefest.example",
            "BCRYPT_ROUNDS": "4",
            "DATABASE_URL": database_url,
        }
    )
    env.update(overrides)
    return env


@pytest.fixture
def workdir() -> Iterator[Path]:
    """The container's WORKDIR: no sources, no `.env`."""
    with scratch_directory("gefest-container-") as root:
        yield root


def healthcheck_passes(env: Mapping[str, str], cwd: Path) -> bool:
    done = subprocess.run(image_healthcheck(), env=dict(env), cwd=cwd, capture_output=True)
    return done.returncode == 0


def wait_for_health(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the container exited with {process.returncode}:\n{log.read_text()}")
        with contextlib.suppress(httpx.TransportError):  # not listening yet
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"/health did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


async def test_the_app_honours_a_dokku_database_url(migrated_database_url: str):
    url = dokku_form(migrated_database_url)
    assert url.startswith("postgres://")
    settings = Settings.from_env(
        {"DATABASE_URL": url, "APP_ENV": "test", "JWT_SECRET": STRONG_SECRET}
    )
    app = create_app(settings)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gefest") as client:
            ready = await client.get("/ready")
            health = await client.get("/health")
    finally:
        await stop_app(app)

    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready"}
    assert health.json() == {"status": "ok"}


def test_predeploy_then_the_image_start_command_serve_a_fresh_database(
    empty_database_url: str, workdir: Path
):
    database_url = dokku_form(empty_database_url)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = container_env(database_url, port)
    assert not healthcheck_passes(env, workdir), "nothing listens yet"

    # Dokku runs the predeploy step with bash in a container of the new image, before it.
    predeploy = load_app_json()["scripts"]["dokku"]["predeploy"]
    release = subprocess.run(
        ["/bin/bash", "-c", predeploy], env=env, cwd=workdir, capture_output=True, timeout=120
    )
    assert release.returncode == 0, release.stderr.decode()
    assert "created the first company" in release.stderr.decode()

    log = workdir / "container.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            image_start_command(), env=env, cwd=workdir, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_for_health(base_url, process, log)
        assert healthcheck_passes(env, workdir)
        for check in load_app_json()["healthchecks"]["web"]:
            response = httpx.get(f"{base_url}{check['path']}", timeout=check["timeout"])
            assert response.status_code == 200, (check, response.text)
            assert check["content"] in response.text

        refused = httpx.post(
            f"{base_url}/api/v1/sessions",
            json={"username": "admin", "password": "admin"},
            timeout=10,
        )
        assert refused.status_code == 401, refused.text
        login = httpx.post(
            f"{base_url}/api/v1/sessions",
            json={"username": "admin", "password": ADMIN_PASSWORD},
            timeout=10,
        )
        assert login.status_code == 200, login.text
        # Production cookies are Secure: a browser sends them over HTTPS only (Dokku's
        # letsencrypt); here the access token goes back as a Bearer token.
        set_cookies = login.headers.get_list("set-cookie")
        assert set_cookies and all("Secure" in cookie for cookie in set_cookies)
        bearer = {"Authorization": f"Bearer {login.cookies['at']}"}
        me = httpx.get(f"{base_url}/api/v1/users/current", headers=bearer, timeout=10)
        assert me.status_code == 200, me.text
        assert me.json()["username"] == "admin"
        assert me.json()["must_change_password"] is False

        # `docker stop`: SIGTERM to PID 1, which `exec` made the server.
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(SHUTDOWN_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"no exit {SHUTDOWN_SECONDS} s after SIGTERM:\n{log.read_text()}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    text = log.read_text()
    assert code == 0, text
    assert "database migrated to head" in text
    assert "nothing to bootstrap" in text, "predeploy already created the company"
    assert f"serving on http://127.0.0.1:{port}" in text
    assert not healthcheck_passes(env, workdir), "the server is gone"


def test_the_image_refuses_to_start_with_published_defaults(workdir: Path):
    port = free_port()
    env = container_env("postgres://gefest@127.0.0.1:1/never-reached", port)
    del env["JWT_SECRET"], env["ADMIN_PASSWORD"]

    done = subprocess.run(
        image_start_command(), env=env, cwd=workdir, capture_output=True, timeout=60
    )

    assert done.returncode == 1
    assert "APP_ENV=production needs JWT_SECRET" in done.stderr.decode()
    assert "serving on" not in done.stderr.decode()
