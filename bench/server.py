"""The app under test: `gefest serve` (granian) as a child process, configured like production."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import msgspec
import psutil

from bench.http import Connection
from entrypoints.demo.dataset import DEMO_PASSWORD

HOST = "127.0.0.1"


@dataclass(frozen=True)
class AppServer:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def processes(self) -> list[psutil.Process]:
        """The supervisor and every granian process under it."""
        try:
            parent = psutil.Process(self.process.pid)
            return [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _gefest() -> list[str]:
    script = Path(sys.executable).with_name("gefest")
    return [str(script)] if script.exists() else [sys.executable, "-m", "entrypoints.cli.main"]


@contextlib.asynccontextmanager
async def app_server(
    database_url: str, workers: int, pool_size: int | None = None
) -> AsyncIterator[AppServer]:
    """`pool_size`: DATABASE_POOL_SIZE per worker (default: the service's). Granian does not
    spread keep-alive connections evenly, so one worker may serve every user at once; with
    fewer pooled connections than that, the overflow connections are opened and closed per
    request."""
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        HOST=HOST,
        PORT=str(port),
        WORKERS=str(workers),
        APP_ENV="production",
        JWT_SECRET=secrets.token_urlsafe(48),
        ADMIN_PASSWORD=secrets.token_urlsafe(16),
        EXPOSE_STATEMENT_COUNT="true",
    )
    if pool_size is not None:
        env["DATABASE_POOL_SIZE"] = str(pool_size)
    process, log = _start([*_gefest(), "serve"], env)
    server = AppServer(port, process, log)
    try:
        await _wait_ready(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)


def _start(command: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], Path]:
    log = Path(tempfile.mkstemp(prefix="gefest-bench-server-", suffix=".log")[1])
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    return process, log


async def _wait_ready(server: AppServer, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{server.log.read_text()[-3000:]}")
        try:
            status = await _get_status(server.port, "/ready")
        except OSError:
            status = None
        if status == 200:
            return
        await asyncio.sleep(0.3)
    raise RuntimeError(f"the server did not get ready:\n{server.log.read_text()[-3000:]}")


async def _get_status(port: int, path: str) -> int:
    connection = Connection(HOST, port, None)
    try:
        return (await connection.request("GET", path)).status
    finally:
        await connection.close()


async def login(port: int, username: str = "demo.admin", password: str = DEMO_PASSWORD) -> str:
    """The access token (the `at` cookie of a login), for an `Authorization: Bearer` header."""
    connection = Connection(HOST, port, None)
    try:
        body = msgspec.json.encode({"username": username, "password": password})
        response = await connection.request("POST", "/api/v1/sessions", body)
    finally:
        await connection.close()
    if response.status != 200:
        raise RuntimeError(f"login as {username} failed: {response.status} {response.body!r}")
    cookies = SimpleCookie()
    for line in response.headers.get(b"set-cookie", b"").split(b"\n"):
        cookies.load(line.decode())
    return cookies["at"].value
