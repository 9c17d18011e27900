"""Reading one uploaded file out of a `multipart/form-data` body as it streams in.

Litestar's own form parsing holds the whole body in memory; a 20 MiB resume times eight writers
would be 160 MiB of a worker's memory. Here the body goes through `multipart`'s incremental
parser (already Litestar's dependency) chunk by chunk: the `file` part is written to a temporary
file on local disk while its sha256 and size are counted, and the small text parts (`kind`) are
kept. Going past the size limit stops the reading at once with 413 and removes the temporary
file, so nothing half-written is left anywhere.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import multipart
from litestar.exceptions import ClientException, ValidationException

from domain.candidates.files import SNIFF_BYTES

FILE_FIELD = "file"
MAX_FIELD_BYTES = 1024
MAX_PARTS = 8


@dataclass
class ReceivedFile:
    """An uploaded file on local disk; the caller removes `path` when done (`discard`)."""

    path: Path
    file_name: str | None
    size: int
    sha256: str
    head: bytes

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


@dataclass
class ReceivedUpload:
    file: ReceivedFile
    fields: dict[str, str] = field(default_factory=dict)


def _invalid(message: str, key: str = FILE_FIELD) -> ValidationException:
    return ValidationException(
        "the request failed validation", extra=[{"key": key, "message": message}]
    )


def _too_large(limit: int) -> ClientException:
    return ClientException(f"the file exceeds the limit of {limit} bytes", status_code=413)


def boundary_of(content_type: str | None) -> str:
    """The multipart boundary of a Content-Type header, or a 400."""
    kind, options = multipart.parse_options_header(content_type or "")
    boundary = options.get("boundary")
    if kind != "multipart/form-data" or not boundary:
        raise _invalid("a multipart/form-data body with a boundary is expected", "body")
    return boundary


class _Receiver:
    def __init__(self, directory: Path, max_file_bytes: int) -> None:
        self._directory = directory
        self._limit = max_file_bytes
        self.file: ReceivedFile | None = None
        self.fields: dict[str, str] = {}
        self._writer: int | None = None
        self._hash = hashlib.sha256()
        self._head = bytearray()
        self._field_name: str | None = None
        self._field_value = bytearray()

    def start(self, segment: multipart.MultipartSegment) -> None:
        name = segment.name or ""
        if name == FILE_FIELD:
            if self.file is not None:
                raise _invalid("exactly one file part is expected")
            self._directory.mkdir(parents=True, exist_ok=True)
            descriptor, path = tempfile.mkstemp(prefix="upload-", dir=self._directory)
            self._writer = descriptor
            self.file = ReceivedFile(Path(path), segment.filename, 0, "", b"")
        elif name in self.fields:
            raise _invalid("a field is sent once", name)
        else:
            self._field_name = name
            self._field_value.clear()

    def payload(self, chunk: bytes) -> None:
        if self._writer is not None and self.file is not None:
            self.file.size += len(chunk)
            if self.file.size > self._limit:
                raise _too_large(self._limit)
            self._hash.update(chunk)
            if len(self._head) < SNIFF_BYTES:
                self._head += chunk[: SNIFF_BYTES - len(self._head)]
            os.write(self._writer, chunk)
        else:
            self._field_value += chunk
            if len(self._field_value) > MAX_FIELD_BYTES:
                raise _invalid(f"at most {MAX_FIELD_BYTES} bytes", self._field_name or "body")

    def end(self) -> None:
        if self._writer is not None and self.file is not None:
            os.close(self._writer)
            self._writer = None
            self.file.sha256 = self._hash.hexdigest()
            self.file.head = bytes(self._head)
        elif self._field_name is not None:
            try:
                self.fields[self._field_name] = self._field_value.decode("utf-8")
            except UnicodeDecodeError:
                raise _invalid("must be UTF-8 text", self._field_name) from None
            self._field_name = None

    def abandon(self) -> None:
        if self._writer is not None:
            os.close(self._writer)
            self._writer = None
        if self.file is not None:
            self.file.discard()


async def receive_upload(
    chunks: AsyncIterator[bytes], content_type: str | None, directory: Path, max_file_bytes: int
) -> ReceivedUpload:
    """The body's file part on disk and its text fields; 400 for a malformed body or no file,
    413 past `max_file_bytes` (nothing left on disk in either case)."""
    boundary = boundary_of(content_type)
    receiver = _Receiver(directory, max_file_bytes)
    parser = multipart.PushMultipartParser(
        boundary, max_segment_count=MAX_PARTS, max_header_size=4096, strict=True
    )
    try:
        async for chunk in chunks:
            if chunk:
                _feed(parser, receiver, chunk)
        _feed(parser, receiver, b"")  # the end of input: a body cut short is an error here
        parser.close()
    except multipart.ParserLimitReached:
        receiver.abandon()
        raise _invalid(f"at most {MAX_PARTS} parts with short headers", "body") from None
    except multipart.MultipartError as error:
        receiver.abandon()
        raise _invalid(f"not a valid multipart body: {error}", "body") from None
    except BaseException:
        receiver.abandon()
        raise
    if receiver.file is None:
        raise _invalid("a part named 'file' is required")
    return ReceivedUpload(receiver.file, receiver.fields)


def _feed(parser: multipart.PushMultipartParser, receiver: _Receiver, chunk: bytes) -> None:
    for event in parser.parse(chunk):
        if isinstance(event, multipart.MultipartSegment):
            receiver.start(event)
        elif event is None:
            receiver.end()
        else:
            receiver.payload(event)
