"""Serving: granian runs as a child process; this process forwards SIGINT/SIGTERM to it and waits.

The child gets its own process group, so a Ctrl-C in the terminal reaches it once (forwarded by
us), not twice. On Linux it is also told to terminate if we die without cleaning up.
"""

from __future__ import annotations

import ctypes
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence

from entrypoints.settings import ConfigurationError, Settings

APP_FACTORY = "entrypoints.http.app:create_app"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


def granian_command(settings: Settings) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--factory",
        "--host",
        settings.host,
        "--port",
        str(settings.port),
        "--workers",
        str(settings.workers),
        APP_FACTORY,
    ]


def ensure_port_free(host: str, port: int) -> None:
    """Fail early with a clear message rather than after migrations, from inside granian."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ConfigurationError(f"{host}:{port} is already in use (set PORT)") from None
            raise ConfigurationError(f"cannot listen on {host}:{port}: {error.strerror}") from None


# glibc's self-tuning mmap threshold lets the large, short-lived buffers of list responses
# fragment the heap, so a worker's RSS creeps up for minutes (the soak measured +1-2 MB/min).
# A fixed threshold sends them to mmap and returns them to the system: RSS stays flat.
ALLOCATOR_DEFAULTS = {"MALLOC_MMAP_THRESHOLD_": "65536"}


def serve(settings: Settings, env: Mapping[str, str] | None = None) -> int:
    print(f"gefest: serving on http://{_display(settings.host)}:{settings.port}", file=sys.stderr)
    environment = {**ALLOCATOR_DEFAULTS, **(os.environ if env is None else env)}
    return supervise(granian_command(settings), env=environment)


def supervise(
    command: Sequence[str], *, env: Mapping[str, str], grace_seconds: float = 30.0
) -> int:
    """Run `command` in the foreground until it exits or we are asked to stop.

    A stop request (SIGINT, SIGTERM, SIGHUP) is forwarded; a second one, or `grace_seconds`
    without exit, kills the child. Returns 0 after a requested stop that the child honoured,
    else the child's exit code (128 + signal number when a signal ended it).
    """
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        list(command), env=dict(env), process_group=0, preexec_fn=die_with_parent_hook()
    )
    requested: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        if requested:
            process.kill()
        else:
            process.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)
        requested.append(signum)

    previous = {signum: signal.signal(signum, forward) for signum in STOP_SIGNALS}
    try:
        code = _wait(process, requested, grace_seconds)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if requested:
        honoured = code in (0, -signal.SIGINT, -signal.SIGTERM, 128 + signal.SIGINT)
        return 0 if honoured and len(requested) == 1 else 1
    return 128 - code if code < 0 else code


def _wait(process: subprocess.Popen[bytes], requested: list[int], grace_seconds: float) -> int:
    deadline: float | None = None
    while True:
        try:
            return process.wait(timeout=0.25)
        except subprocess.TimeoutExpired:
            if requested and deadline is None:
                deadline = time.monotonic() + grace_seconds
            if deadline is not None and time.monotonic() > deadline:
                print("gefest: the server did not stop in time: killing it", file=sys.stderr)
                process.kill()
                requested.append(signal.SIGKILL)


def die_with_parent_hook() -> Callable[[], None] | None:
    """Linux: the child receives SIGTERM if this process dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def hook() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return hook


def _display(host: str) -> str:
    return f"[{host}]" if ":" in host else host
