"""Candidate files as plain files in a local directory (`DATA_DIR/files` by default).

An object is first written under a temporary name in the same directory, flushed, then renamed
into place: a rename is atomic on one file system, so a reader finds the whole object or none.
File system calls run in a worker thread so that a slow disk never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

from application.ports.file_storage import CHUNK_BYTES

_PARTIAL_SUFFIX = ".partial"


class LocalDirectoryStorage:
    def __init__(self, root: Path) -> None:
        self._root = root

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        # Keys are made by the application (ids joined by "/"); anything that could leave the
        # root is a bug worth failing loudly on, never a path to follow.
        if not parts or any(part in ("", ".", "..") or "\\" in part for part in parts):
            raise ValueError(f"not a storage key: {key!r}")
        if key.endswith(_PARTIAL_SUFFIX):
            raise ValueError(f"not a storage key: {key!r}")
        return self._root.joinpath(*parts)

    async def put(self, key: str, source: Path) -> None:
        await asyncio.to_thread(self._put, self._path(key), source)

    @staticmethod
    def _put(target: Path, source: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{uuid.uuid4().hex}{_PARTIAL_SUFFIX}")
        try:
            with source.open("rb") as reader, partial.open("wb") as writer:
                shutil.copyfileobj(reader, writer, CHUNK_BYTES)
                writer.flush()
                os.fsync(writer.fileno())
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)

    async def read(self, key: str, start: int = 0, end: int | None = None) -> AsyncIterator[bytes]:
        path = self._path(key)
        reader = await asyncio.to_thread(path.open, "rb")
        try:
            await asyncio.to_thread(reader.seek, start)
            remaining = None if end is None else max(end - start, 0)
            while remaining is None or remaining > 0:
                size = CHUNK_BYTES if remaining is None else min(CHUNK_BYTES, remaining)
                chunk = await asyncio.to_thread(reader.read, size)
                if not chunk:
                    return
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk
        finally:
            await asyncio.to_thread(reader.close)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)

    async def list_keys(self, prefix: str = "") -> AsyncIterator[str]:
        found = await asyncio.to_thread(self._keys)
        for key in found:
            if key.startswith(prefix):
                yield key

    def _keys(self) -> list[str]:
        if not self._root.is_dir():
            return []
        return sorted(
            path.relative_to(self._root).as_posix()
            for path in self._root.rglob("*")
            if path.is_file() and not path.name.endswith(_PARTIAL_SUFFIX)
        )
