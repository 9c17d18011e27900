"""Query parameters of the old lists, as strict as the old document types them.

The old document types an id filter as a UUID string and a code as an integer, never as
nullable; Litestar would read `?position_id=null` as "not filtered", so a legacy request that
sends `null` for a parameter that is not text is refused, like any other value of the wrong
type. Integers are bounded by what PostgreSQL stores (int4), so a huge one is a 400, not an
overflow deep in the driver."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from litestar import Request
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter

from entrypoints.http.guards import check_request, query_keys
from entrypoints.http.text_patterns import NO_NUL

INT4 = 2**31 - 1
Code = Annotated[int | None, QueryParameter(ge=-INT4, le=INT4)]
Money = Annotated[int | None, QueryParameter(ge=0, le=INT4)]
# A NUL in a filter is a 400, never a driver error.
Text = Annotated[str | None, QueryParameter(pattern=NO_NUL)]


def _is_text(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return all(_is_text(arg) for arg in get_args(annotation) if arg is not type(None))
    return annotation is str


def _not_text(annotation: Any) -> bool:
    return not _is_text(annotation)


async def check_legacy_request(request: Request[Any, Any, Any]) -> None:
    """The app's request checks, then: no `null` for an id, a code, a number or a date."""
    await check_request(request)
    for key in query_keys(request.route_handler, _not_text):
        if "null" in request.query_params.getall(key, ()):
            raise ValidationException(
                "the request failed validation",
                extra=[
                    {"key": key, "message": "a value of its type is expected", "source": "query"}
                ],
            )
