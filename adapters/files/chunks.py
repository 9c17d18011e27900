from __future__ import annotations

from collections.abc import Iterator

from application.ports.file_storage import CHUNK_BYTES


def pieces(data: bytes) -> Iterator[bytes]:
    """`data` cut into the chunks a FileStorage read yields (at most CHUNK_BYTES each)."""
    for offset in range(0, len(data), CHUNK_BYTES):
        yield data[offset : offset + CHUNK_BYTES]
