"""The TextExtractor: document readers run in worker processes that can be stopped.

A parser fed a hostile file can loop or eat memory, and no thread can be stopped from outside.
So each reading runs in a long-lived worker process (started once, reused), under an address-space
limit, with a deadline: a worker that misses it is killed and replaced, and the file simply has no
text. The upload itself never fails because of extraction.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import multiprocessing
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from domain.candidates.files import FileType

logger = logging.getLogger(__name__)

DEFAULT_READER = "adapters.files.document_text:document_text"
DEFAULT_DEADLINE_SECONDS = 15.0
DEFAULT_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024


def _load(reader: str) -> Callable[[Path, FileType], str | None]:
    module, _, name = reader.partition(":")
    return getattr(importlib.import_module(module), name)


def _serve(connection: Connection, reader: str, memory_limit: int) -> None:
    """The worker's loop: a (path, type) in, ("text", str | None) or ("failed", None) out."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    read = _load(reader)
    while True:
        try:
            path, file_type = connection.recv()
        except EOFError:
            return
        try:
            connection.send(("text", read(Path(path), FileType(file_type))))
        except Exception:  # any failure of a parser on a file means "no text", never a crash
            connection.send(("failed", None))


class _Worker:
    def __init__(self, reader: str, memory_limit: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, reader, memory_limit), daemon=True
        )
        self.process.start()
        child.close()

    def ask(self, source: Path, file_type: FileType) -> tuple[str, str | None]:
        self._connection.send((str(source), file_type.value))
        return self._connection.recv()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self._connection.close()


class ProcessTextExtractor:
    def __init__(
        self,
        workers: int = 1,
        deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
        memory_limit_bytes: int = DEFAULT_MEMORY_LIMIT_BYTES,
        reader: str = DEFAULT_READER,
    ) -> None:
        self._slots = asyncio.Semaphore(workers)
        self._deadline = deadline_seconds
        self._memory_limit = memory_limit_bytes
        self._reader = reader
        self._idle: list[_Worker] = []

    async def extract(self, source: Path, file_type: FileType) -> str | None:
        if not file_type.text_extractable:
            return None
        async with self._slots:
            worker = self._idle.pop() if self._idle else await self._start()
            try:
                outcome, text = await asyncio.wait_for(
                    asyncio.to_thread(worker.ask, source, file_type), self._deadline
                )
            except (TimeoutError, EOFError, OSError) as error:
                logger.warning("text extraction of a %s stopped: %r", file_type.value, error)
                await asyncio.to_thread(worker.stop)
                return None
            self._idle.append(worker)
        return text if outcome == "text" and text else None

    @property
    def idle_workers(self) -> int:
        """Started workers waiting for a file (they are reused, not started per file)."""
        return len(self._idle)

    async def _start(self) -> _Worker:
        return await asyncio.to_thread(_Worker, self._reader, self._memory_limit)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for worker in idle:
            await asyncio.to_thread(worker.stop)
