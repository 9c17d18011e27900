from __future__ import annotations

import hashlib
from typing import Annotated, ClassVar

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import HeaderParameter, PathParameter

from application.caller import Caller
from application.refs.get_reference import GetReference
from application.refs.views import REFERENCE_NAMES, ReferenceList
from entrypoints.http.envelope import error_responses


class ReferenceController(Controller):
    path = "/refs"
    tags: ClassVar[list[str]] = ["refs"]

    @get(
        "/{name:str}",
        operation_id="getReference",
        summary="A reference dictionary",
        description="Cacheable: answers 304 to a matching `If-None-Match`.",
        responses={
            **error_responses(404),
            304: ResponseSpec(
                None, description="Not modified: the `ETag` named in `If-None-Match` is current"
            ),
        },
    )
    async def reference(
        self,
        name: Annotated[
            str,
            PathParameter(
                description="One of: " + ", ".join(REFERENCE_NAMES) + " (any other: 404)",
                max_length=64,
                schema_extra={"enum": list(REFERENCE_NAMES)},
            ),
        ],
        caller: FromDishka[Caller],
        use_case: FromDishka[GetReference],
        if_none_match: Annotated[
            str | None,
            HeaderParameter(
                name="If-None-Match",
                max_length=1000,
                description="`ETag`s read before; a current one is answered 304, without a body",
            ),
        ] = None,
    ) -> Response[ReferenceList]:
        del caller  # signed in is all it takes: every role reads references
        body = await use_case.execute(name)
        etag = '"' + hashlib.sha256(msgspec.json.encode(body)).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Cache-Control": "private, max-age=300"}
        if etag in _tags_of(if_none_match or ""):
            return Response(content=None, status_code=304, headers=headers)  # type: ignore[arg-type]
        return Response(body, headers=headers)


def _tags_of(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
