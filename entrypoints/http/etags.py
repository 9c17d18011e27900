"""A resource's version on the wire: `ETag: "<version>"` out, `If-Match` in.

Single resources carry their version as a strong ETag; PATCH and DELETE (and other writes that
honour it) take `If-Match` and hand the version it names to the use case, which refuses a stale
one. Every controller uses these helpers, so the header means the same everywhere."""

from __future__ import annotations

import re
from typing import Annotated, Protocol, TypeVar

from litestar import Response
from litestar.datastructures import ResponseHeader
from litestar.params import HeaderParameter

from application.errors import PreconditionFailed

MAX_VERSION = 2**31 - 1  # versions are int4 columns

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        max_length=100,
        description='The `ETag` (`"<version>"`) read before; a stale one changes nothing (412). '
        "`*` or no header: no condition.",
    ),
]

ETAG_HEADER = ResponseHeader(
    name="ETag", documentation_only=True, description='The version, quoted: `"3"`'
)

_TAG = re.compile(r'(?:W/)?"([0-9]{1,10})"')


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)


def etag(version: int) -> str:
    """The `ETag` of a resource at `version`: `"3"`."""
    return f'"{version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version an `If-Match` header asks for.

    None when the header is absent or `*` (no condition). `"<n>"` or `W/"<n>"` is n; in a list
    of tags the first is used. Anything else names no version of ours, so the write is refused
    as stale (PreconditionFailed) before it starts."""
    if if_match is None:
        return None
    tags = [tag.strip() for tag in if_match.split(",") if tag.strip()]
    if "*" in tags:
        return None
    match = _TAG.fullmatch(tags[0]) if tags else None
    if match is None or int(match.group(1)) > MAX_VERSION:
        raise PreconditionFailed("If-Match does not name a version of this resource")
    return int(match.group(1))


def with_etag(view: V, status_code: int = 200, **headers: str) -> Response[V]:
    """`view` as the response, with its version as the `ETag` (and any other headers)."""
    return Response(view, status_code=status_code, headers={"ETag": etag(view.version), **headers})
