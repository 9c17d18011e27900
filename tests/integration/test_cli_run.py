"""A fresh machine works: `gefest run` without DATABASE_URL serves, logs in, stops cleanly."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from adapters.postgres.embedded import EmbeddedPostgres
from tests.support.embedded import assert_process_gone, scratch_directory

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60
SHUTDOWN_SECONDS = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gefest_command() -> list[str]:
    script = Path(sys.executable).with_name("gefest")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "entrypoints.cli.main"]


@pytest.fixture
def workdir() -> Iterator[Path]:
    """The working directory of `gefest run` (no `.env` there) and its DATA_DIR."""
    with scratch_directory("gefest-run-") as root:
        yield root


def wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], output: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gefest run exited with {process.returncode}:\n{output.read_text()}")
        with contextlib.suppress(httpx.TransportError):  # not listening yet
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"/health did not answer 200 within {STARTUP_SECONDS} s:\n{output.read_text()}")


def test_gefest_run_on_a_fresh_machine(workdir: Path):
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATA_DIR": str(workdir / "data"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "APP_ENV": "development",
        "ADMIN_USERNAME": "admin",
        "ADMIN_PASSWORD": "admin",
        "BCRYPT_ROUNDS": "4",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    env.pop("DATABASE_URL", None)
    output = workdir / "gefest-run.log"
    with output.open("wb") as log:
        process = subprocess.Popen(
            [*gefest_command(), "run"], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_until_healthy(base_url, process, output)
        postgres_pid = EmbeddedPostgres(workdir / "data" / "postgres").pid
        assert postgres_pid is not None, "the embedded PostgreSQL should be running"

        login = httpx.post(
            f"{base_url}/api/v1/sessions",
            json={"username": "admin", "password": "admin"},
            timeout=10,
        )
        assert login.status_code == 200, login.text

        process.send_signal(signal.SIGTERM)
        code = process.wait(SHUTDOWN_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    log_text = output.read_text()
    assert code == 0, log_text
    assert EmbeddedPostgres(workdir / "data" / "postgres").pid is None, log_text
    assert not (workdir / "data" / "postgres" / "postmaster.pid").exists()
    assert_process_gone(postgres_pid)
    assert "embedded PostgreSQL stopped" in log_text
