"""Readers that misbehave the ways a hostile document makes a parser misbehave."""

from __future__ import annotations

import time
from pathlib import Path

from domain.candidates.files import FileType


def never_returns(source: Path, file_type: FileType) -> str | None:
    if source.read_bytes().startswith(b"hang"):
        time.sleep(3600)
    return source.read_text()


def eats_memory(source: Path, file_type: FileType) -> str | None:
    if source.read_bytes().startswith(b"grow"):
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    return source.read_text()
