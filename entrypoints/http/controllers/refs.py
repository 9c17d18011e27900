from __future__ import annotations

import hashlib
from typing import Annotated, Any, ClassVar

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get
from litestar.params import PathParameter

from application.caller import Caller
from application.refs.get_reference import GetReference
from application.refs.views import REFERENCE_NAMES, ReferenceList
from entrypoints.http.envelope import error_responses


class ReferenceController(Controller):
    path = "/refs"
    tags: ClassVar[list[str]] = ["refs"]

    @get(
        "/{name:str}",
        summary="A reference dictionary",
        description="Cacheable: answers 304 to a matching `If-None-Match`.",
        responses=error_responses(404),
    )
    async def reference(
        self,
        request: Request[Any, Any, Any],
        name: Annotated[
            str, PathParameter(description="One of: " + ", ".join(REFERENCE_NAMES), max_length=64)
        ],
        caller: FromDishka[Caller],
        use_case: FromDishka[GetReference],
    ) -> Response[ReferenceList]:
        del caller  # signed in is all it takes: every role reads references
        body = await use_case.execute(name)
        etag = '"' + hashlib.sha256(msgspec.json.encode(body)).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Cache-Control": "private, max-age=300"}
        if etag in _tags_of(request.headers.get("if-none-match", "")):
            return Response(content=None, status_code=304, headers=headers)  # type: ignore[arg-type]
        return Response(body, headers=headers)


def _tags_of(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
