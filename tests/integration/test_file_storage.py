"""The FileStorage contract, held alike by the local directory, the S3 bucket (against a real
S3-protocol server on loopback) and the in-memory adapters."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.files.local_directory import LocalDirectoryStorage
from adapters.files.s3_bucket import S3BucketStorage
from adapters.memory.file_storage import InMemoryFileStorage
from application.ports.file_storage import CHUNK_BYTES
from tests.support.s3_server import ACCESS_KEY, REGION, SECRET_KEY, s3_server

__all__ = ["s3_server"]  # the fixture, imported for this module's tests

KEY = "company/candidate/file"
DATA = bytes(range(256)) * 1000  # 256,000 bytes: four whole chunks and part of a fifth


@pytest.fixture(params=["local", "s3", "memory"])
def storage(request, tmp_path: Path):
    if request.param == "local":
        return LocalDirectoryStorage(tmp_path / "files")
    if request.param == "s3":
        server = request.getfixturevalue("s3_server")
        return S3BucketStorage.connect(
            server.new_bucket(),
            endpoint=server.endpoint,
            region=REGION,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,
        )
    return InMemoryFileStorage()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "upload.bin"
    path.write_bytes(DATA)
    return path


async def read_all(storage, key: str, start: int = 0, end: int | None = None) -> list[bytes]:
    return [chunk async for chunk in storage.read(key, start, end)]


async def test_what_is_put_reads_back_whole_in_chunks_of_at_most_64_kib(storage, source):
    await storage.put(KEY, source)
    chunks = await read_all(storage, KEY)
    assert b"".join(chunks) == DATA
    assert all(0 < len(chunk) <= CHUNK_BYTES for chunk in chunks)


@pytest.mark.parametrize(
    ("start", "end"), [(0, 1), (100, 200), (CHUNK_BYTES - 1, CHUNK_BYTES + 1), (255_999, None)]
)
async def test_a_range_reads_exactly_its_bytes(storage, source, start, end):
    await storage.put(KEY, source)
    assert b"".join(await read_all(storage, KEY, start, end)) == DATA[start:end]


async def test_a_missing_key_is_file_not_found_and_deleting_it_is_no_error(storage):
    with pytest.raises(FileNotFoundError):
        await read_all(storage, KEY)
    await storage.delete(KEY)
    assert [key async for key in storage.list_keys()] == []


async def test_an_empty_range_reads_nothing(storage, source):
    await storage.put(KEY, source)
    assert await read_all(storage, KEY, 10, 10) == []


async def test_a_file_larger_than_one_upload_part_is_stored_whole(storage, tmp_path):
    # 11 MB: obstore sends it to S3 as a multipart upload (parts of 5 MiB)
    big = tmp_path / "big.bin"
    big.write_bytes(DATA * 43)
    await storage.put(KEY, big)
    chunks = await read_all(storage, KEY)
    assert b"".join(chunks) == DATA * 43
    assert max(len(chunk) for chunk in chunks) <= CHUNK_BYTES


async def test_keys_list_what_is_stored_by_prefix_and_delete_removes(storage, source):
    for key in ("a/1/x", "a/2/y", "b/1/z"):
        await storage.put(key, source)
    assert [key async for key in storage.list_keys("a/")] == ["a/1/x", "a/2/y"]
    await storage.delete("a/1/x")
    assert [key async for key in storage.list_keys()] == ["a/2/y", "b/1/z"]


@pytest.mark.parametrize("key", ["../escape", "a/../../b", "/absolute", "a//b", "a\\b", ""])
async def test_the_local_directory_refuses_keys_that_could_leave_its_root(tmp_path, source, key):
    storage = LocalDirectoryStorage(tmp_path / "files")
    with pytest.raises(ValueError):
        await storage.put(key, source)
    assert not (tmp_path / "escape").exists()


async def test_the_local_directory_leaves_no_partial_file_when_the_source_is_gone(tmp_path):
    storage = LocalDirectoryStorage(tmp_path / "files")
    with pytest.raises(FileNotFoundError):
        await storage.put(KEY, tmp_path / "missing.bin")
    assert [key async for key in storage.list_keys()] == []
    assert [p for p in (tmp_path / "files").rglob("*") if p.is_file()] == []
