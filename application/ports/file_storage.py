"""Where the bytes of candidate files live: a local directory or an S3-protocol bucket.

The database keeps a file's metadata and its `storage_key`; the store keeps only bytes under that
key. A key is written once (from a finished local file, never from a half-read request) and never
changed, so a reader cannot see a half-written object.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

CHUNK_BYTES = 64 * 1024  # what `read` yields at most, and what writers copy by


class FileStorage(Protocol):
    async def put(self, key: str, source: Path) -> None:
        """Store the whole of `source` under `key` (replacing nothing: keys are unique). The
        object becomes visible only once complete."""
        ...

    def read(self, key: str, start: int = 0, end: int | None = None) -> AsyncIterator[bytes]:
        """The bytes `[start, end)` of the object (to its end when `end` is None), in chunks of
        at most CHUNK_BYTES. Raises FileNotFoundError when there is no such object."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; a missing one is not an error."""
        ...

    def list_keys(self, prefix: str = "") -> AsyncIterator[str]:
        """Every stored key that starts with `prefix` (for the garbage collector)."""
        ...
