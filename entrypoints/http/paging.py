"""Query parameters every list shares."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from application.pagination import DEFAULT_LIMIT, MAX_LIMIT
from entrypoints.http.text_patterns import NO_NUL

Limit = Annotated[
    int,
    QueryParameter(
        ge=1, le=MAX_LIMIT, description=f"Page size, 1-{MAX_LIMIT} (default {DEFAULT_LIMIT})"
    ),
]
Offset = Annotated[int, QueryParameter(ge=0, le=2**31 - 1, description="Rows to skip")]
SortParam = Annotated[
    str | None, QueryParameter(max_length=40, description="`field` or `-field` (descending)")
]
SearchText = Annotated[
    str | None,
    QueryParameter(max_length=200, pattern=NO_NUL, description="Case-insensitive search text"),
]
