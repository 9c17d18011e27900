"""Turning an uploaded document into plain text, so search finds a candidate by their resume."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from domain.candidates.files import FileType


class TextExtractor(Protocol):
    async def extract(self, source: Path, file_type: FileType) -> str | None:
        """The document's text, or None when there is none to be had: a type without text (an
        image), a broken or hostile file, or one that took longer than the extractor's deadline.
        Never raises for what a file contains."""
        ...
