"""The streaming reader of an upload's multipart body: the file on disk with its hash and size,
the text fields, and clean refusals that leave nothing behind."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.exceptions import ClientException, ValidationException

from entrypoints.http.multipart_upload import receive_upload

BOUNDARY = "gefest-boundary-1234"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def part(name: str, data: bytes, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"


def body(*parts: bytes) -> bytes:
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


async def in_chunks(data: bytes, size: int = 1000) -> AsyncIterator[bytes]:
    for offset in range(0, len(data), size):
        yield data[offset : offset + size]


def left_on_disk(directory: Path) -> list[Path]:
    return list(directory.glob("*")) if directory.exists() else []


async def test_the_file_is_on_disk_with_its_hash_size_head_and_the_fields_are_kept(tmp_path):
    data = b"%PDF-1.4 " + bytes(range(256)) * 200
    raw = body(part("kind", b"portfolio"), part("file", data, "Резюме.pdf"))
    upload = await receive_upload(in_chunks(raw, 777), CONTENT_TYPE, tmp_path, 1_000_000)
    assert upload.fields == {"kind": "portfolio"}
    assert upload.file.path.read_bytes() == data
    assert (upload.file.size, upload.file.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert upload.file.head == data[:8192]
    assert upload.file.file_name == "Резюме.pdf"
    upload.file.discard()
    assert left_on_disk(tmp_path) == []


async def test_past_the_limit_is_413_and_nothing_is_left(tmp_path):
    raw = body(part("file", b"x" * 5000, "big.txt"))
    with pytest.raises(ClientException) as error:
        await receive_upload(in_chunks(raw), CONTENT_TYPE, tmp_path, 4999)
    assert error.value.status_code == 413
    assert left_on_disk(tmp_path) == []


async def test_exactly_the_limit_is_accepted(tmp_path):
    raw = body(part("file", b"x" * 5000, "big.txt"))
    upload = await receive_upload(in_chunks(raw), CONTENT_TYPE, tmp_path, 5000)
    assert upload.file.size == 5000


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (body(part("kind", b"resume")), CONTENT_TYPE),  # no file part
        (body(part("file", b"a", "a.txt"), part("file", b"b", "b.txt")), CONTENT_TYPE),
        (body(part("file", b"a", "a.txt"), part("kind", b"x"), part("kind", b"y")), CONTENT_TYPE),
        (body(part("file", b"a", "a.txt"), part("kind", b"\xff\xfe")), CONTENT_TYPE),
        (body(part("file", b"a", "a.txt"), part("kind", b"k" * 2000)), CONTENT_TYPE),
        (body(part("file", b"abc", "a.txt"))[:-10], CONTENT_TYPE),  # cut short
        (b"not multipart at all", CONTENT_TYPE),
        (body(part("file", b"a", "a.txt")), "application/json"),
        (body(part("file", b"a", "a.txt")), "multipart/form-data"),  # no boundary
        (body(*(part(f"f{i}", b"v") for i in range(20)), part("file", b"a", "a")), CONTENT_TYPE),
    ],
)
async def test_a_malformed_body_is_400_and_nothing_is_left(tmp_path, raw, content_type):
    with pytest.raises(ValidationException):
        await receive_upload(in_chunks(raw), content_type, tmp_path, 1_000_000)
    assert left_on_disk(tmp_path) == []
