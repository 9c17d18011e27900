"""Files attached to a candidate: kinds, the content types told by magic bytes, display names."""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidInput, RuleConflict

MAX_LIVE_FILES = 50
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
# Enough for every signature below and for the first local entries of an ODF/OOXML zip.
SNIFF_BYTES = 8192
MAX_FILE_NAME_LENGTH = 255
# A longer tail after the last dot is part of the name rather than an extension worth keeping.
_MAX_KEPT_EXTENSION = 16


class FileKind(StrEnum):
    RESUME = "resume"
    COVER_LETTER = "cover_letter"
    PORTFOLIO = "portfolio"
    OTHER = "other"


DEFAULT_KIND = FileKind.RESUME


def file_kind(value: str | None, field: str = "kind") -> FileKind:
    """Absent means a resume, the file a recruiter uploads most."""
    if value is None:
        return DEFAULT_KIND
    try:
        return FileKind(value)
    except ValueError:
        allowed = ", ".join(kind.value for kind in FileKind)
        raise InvalidInput.single(field, f"must be one of: {allowed}") from None


class FileType(StrEnum):
    PDF = "application/pdf"
    DOC = "application/msword"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    RTF = "application/rtf"
    ODT = "application/vnd.oasis.opendocument.text"
    TXT = "text/plain"
    JPEG = "image/jpeg"
    PNG = "image/png"

    @property
    def text_extractable(self) -> bool:
        """Legacy binary DOC needs a converter we do not ship; images would need OCR."""
        return self in _TEXT_TYPES


_TEXT_TYPES = frozenset({FileType.PDF, FileType.DOCX, FileType.RTF, FileType.ODT, FileType.TXT})

_SIGNATURES: tuple[tuple[bytes, FileType], ...] = (
    (b"%PDF-", FileType.PDF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", FileType.DOC),
    (b"{\\rtf", FileType.RTF),
    (b"\xff\xd8\xff", FileType.JPEG),
    (b"\x89PNG\r\n\x1a\n", FileType.PNG),
)
_EXECUTABLES = (b"MZ", b"\x7fELF")
_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_ZIP_LOCAL_HEADER_SIZE = 30
_ODT_MIMETYPE = FileType.ODT.value.encode("ascii")
_UTF8_BOM = codecs.BOM_UTF8
_TEXT_CONTROLS = frozenset("\t\n\r\f")


def sniff_type(
    head: bytes, zip_names: Callable[[], Iterable[str]] | None = None
) -> FileType | None:
    """The type of a file told by its leading bytes, never by its name or the client's claim.

    `zip_names`, when given, lists the entries of the zip's central directory: only the whole
    file has it, and a DOCX may put its `word/` parts beyond the first `SNIFF_BYTES`.
    None means the content is of no accepted type.
    """
    head = head[:SNIFF_BYTES]
    if not head or head.startswith(_EXECUTABLES):
        return None
    for signature, file_type in _SIGNATURES:
        if head.startswith(signature):
            return file_type
    if head.startswith(_ZIP_LOCAL_HEADER):
        return _sniff_zip(head, zip_names)
    return FileType.TXT if _is_text(head) else None


def _sniff_zip(head: bytes, zip_names: Callable[[], Iterable[str]] | None) -> FileType | None:
    # ODF requires a first, uncompressed `mimetype` entry exactly so that it can be sniffed.
    first = _local_entry(head, 0)
    if first is not None:
        name, method, content = first
        if name == "mimetype" and method == 0 and content == _ODT_MIMETYPE:
            return FileType.ODT
    names = list(zip_names()) if zip_names is not None else _local_names(head)
    if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
        return FileType.DOCX
    return None


def _local_entry(head: bytes, offset: int) -> tuple[str, int, bytes] | None:
    """Name, compression method and stored bytes of the local entry at `offset`."""
    if len(head) < offset + _ZIP_LOCAL_HEADER_SIZE:
        return None
    header = head[offset : offset + _ZIP_LOCAL_HEADER_SIZE]
    method = int.from_bytes(header[8:10], "little")
    compressed_size = int.from_bytes(header[18:22], "little")
    name_length = int.from_bytes(header[26:28], "little")
    extra_length = int.from_bytes(header[28:30], "little")
    name_start = offset + _ZIP_LOCAL_HEADER_SIZE
    name = head[name_start : name_start + name_length].decode("utf-8", errors="replace")
    content_start = name_start + name_length + extra_length
    return name, method, head[content_start : content_start + compressed_size]


def _local_names(head: bytes) -> list[str]:
    # Entries written with a data descriptor carry no size in their local header, so walking
    # header to header is impossible; every signature in the head is read instead. A signature
    # found inside compressed data yields a junk name, harmless to the checks made on names.
    names = []
    offset = head.find(_ZIP_LOCAL_HEADER)
    while offset != -1:
        entry = _local_entry(head, offset)
        if entry is None:
            break
        names.append(entry[0])
        offset = head.find(_ZIP_LOCAL_HEADER, offset + len(_ZIP_LOCAL_HEADER))
    return names


def _is_text(head: bytes) -> bool:
    if head.startswith(_UTF8_BOM):
        head = head[len(_UTF8_BOM) :]
    # Not final: the head may end in the middle of a multi-byte character of a longer file.
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return bool(text) and not any(char < " " and char not in _TEXT_CONTROLS for char in text)


# Overrides and isolates can make "cv\u202efdp.exe" display as "cvexe.pdf".
_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_FALLBACK_NAME = "file"


def clean_file_name(raw: str | None) -> str:
    """The name shown to users and offered on download; it never becomes a storage key."""
    components = [part for part in (raw or "").replace("\\", "/").split("/") if part]
    name = components[-1] if components else ""
    name = "".join(
        char for char in name if unicodedata.category(char) != "Cc" and char not in _BIDI_CONTROLS
    )
    name = _strip_ends(unicodedata.normalize("NFC", name))
    if len(name) > MAX_FILE_NAME_LENGTH:
        name = _shorten(name)
    return name or _FALLBACK_NAME


def _strip_ends(name: str) -> str:
    # Trailing dots and spaces are dropped by Windows on save, leading ones hide the file.
    start, end = 0, len(name)
    while start < end and (name[start].isspace() or name[start] == "."):
        start += 1
    while end > start and (name[end - 1].isspace() or name[end - 1] == "."):
        end -= 1
    return name[start:end]


def _shorten(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    if dot and stem and len(extension) <= _MAX_KEPT_EXTENSION:
        stem = _strip_ends(stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1])
        if stem:
            return f"{stem}.{extension}"
    return _strip_ends(name[:MAX_FILE_NAME_LENGTH])


def ensure_room(live_count: int) -> None:
    """A candidate holds at most `MAX_LIVE_FILES` live files; deleted ones do not count."""
    if live_count >= MAX_LIVE_FILES:
        raise RuleConflict(
            f"the candidate already has {MAX_LIVE_FILES} files; delete one to upload another"
        )


@dataclass(slots=True)
class CandidateFile:
    id: UUID
    candidate_id: UUID
    kind: FileKind
    file_name: str
    content_type: FileType
    size: int
    sha256: str
    storage_key: str
    text: str | None
    text_extracted: bool
    uploaded_by: UUID
    created_at: datetime
    deleted_at: datetime | None = None

    @property
    def is_live(self) -> bool:
        return self.deleted_at is None

    def delete(self, now: datetime) -> bool:
        """Hides the file; the stored bytes stay for a restore. Like the candidate's soft
        delete, a repeat is no change rather than an error."""
        if not self.is_live:
            return False
        self.deleted_at = now
        return True

    def restore(self) -> bool:
        """Brings a deleted file back; a live file stays as it is."""
        if self.is_live:
            return False
        self.deleted_at = None
        return True
