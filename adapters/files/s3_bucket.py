"""Candidate files in an S3-protocol bucket (AWS S3, MinIO, Yandex Object Storage, ...).

Through obstore (Rust's object_store): an async client with no botocore at run time, which
uploads a large file in parts on its own and reads byte ranges. An S3 object appears only once
its upload completes, so a reader never sees part of one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import obstore
from obstore.store import S3Store

from adapters.files.chunks import pieces
from application.ports.file_storage import CHUNK_BYTES


class S3BucketStorage:
    def __init__(self, store: S3Store) -> None:
        self._store = store

    @classmethod
    def connect(
        cls,
        bucket: str,
        *,
        endpoint: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ) -> S3BucketStorage:
        options: dict[str, str] = {}
        if region:
            options["region"] = region
        if access_key_id and secret_access_key:
            options["access_key_id"] = access_key_id
            options["secret_access_key"] = secret_access_key
        if endpoint:
            options["endpoint"] = endpoint
        client = {"allow_http": True} if endpoint and endpoint.startswith("http://") else {}
        return cls(S3Store(bucket, client_options=client, **options))  # type: ignore[arg-type]

    async def put(self, key: str, source: Path) -> None:
        await obstore.put_async(self._store, key, source)

    async def read(self, key: str, start: int = 0, end: int | None = None) -> AsyncIterator[bytes]:
        if end is not None and end <= start:
            return
        window = {"offset": start} if end is None else (start, end)
        result = await obstore.get_async(self._store, key, options={"range": window})
        async for piece in result.stream(min_chunk_size=CHUNK_BYTES):
            for chunk in pieces(bytes(piece)):
                yield chunk

    async def delete(self, key: str) -> None:
        await obstore.delete_async(self._store, key)

    async def list_keys(self, prefix: str = "") -> AsyncIterator[str]:
        async for batch in obstore.list(self._store, prefix=prefix or None):
            for meta in batch:
                yield meta["path"]
