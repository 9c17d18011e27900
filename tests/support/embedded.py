"""Helpers for tests that run their own embedded PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psutil

from adapters.postgres.embedded import EmbeddedPostgres


def assert_process_gone(pid: int) -> None:
    """Exited (a zombie counts: nobody may reap orphans in a container)."""
    with contextlib.suppress(psutil.NoSuchProcess):
        assert psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, f"pid {pid} still runs"


@contextlib.contextmanager
def scratch_directory(prefix: str) -> Iterator[Path]:
    """A fresh directory outside pytest's (the server user gets its parents' permissions
    loosened). On exit, a server a failed test left running in `<dir>/**/postgres` is stopped."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield root
    finally:
        for pgdata in root.rglob("postgres"):
            pid = EmbeddedPostgres(pgdata).pid
            if pid is not None:
                os.kill(pid, signal.SIGINT)  # fast shutdown
                psutil.wait_procs([psutil.Process(pid)], timeout=10)
        shutil.rmtree(root, ignore_errors=True)
