"""Candidate files' bytes in a dict, for the use-case tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from adapters.files.chunks import pieces


class InMemoryFileStorage:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    async def put(self, key: str, source: Path) -> None:
        self.objects[key] = await asyncio.to_thread(source.read_bytes)

    async def read(self, key: str, start: int = 0, end: int | None = None) -> AsyncIterator[bytes]:
        if key not in self.objects:
            raise FileNotFoundError(key)
        for chunk in pieces(self.objects[key][start:end]):
            yield chunk

    async def delete(self, key: str) -> None:
        self.objects.pop(key, None)

    async def list_keys(self, prefix: str = "") -> AsyncIterator[str]:
        for key in sorted(self.objects):
            if key.startswith(prefix):
                yield key
