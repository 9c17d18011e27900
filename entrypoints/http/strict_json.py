"""Request bodies decoded strictly, against the route's own body type.

Litestar decodes a body into plain Python values and then converts them to the handler's type
leniently: `{"min_salary": "100"}` would become 100 and `{"is_primary": 1}` true. The schema
says a salary is an integer, so a string is refused here, with the field named, before the
lenient conversion ever sees it; what passes is already of the body type and goes through it
unchanged."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import msgspec
from litestar.exceptions import ClientException, ValidationException
from litestar.handlers import BaseRouteHandler

# A high surrogate escape with no low one after it, or a low one with no high one before it:
# JSON's grammar allows them, Unicode has no such character, and the decoder's own message for
# them ("truncated") would send a client looking in the wrong place.
_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


@cache  # one entry per route handler, for the app's lifetime
def body_type(handler: BaseRouteHandler) -> Any | None:
    """The type the route's `data` parameter declares, or None for a route without a body."""
    data = handler.parsed_fn_signature.parameters.get("data")
    return None if data is None else data.annotation


def decode_strictly(body: bytes, into: Any) -> Any:
    """The body as `into`, with no type coercion; a wrong type is a 400 naming its field."""
    try:
        return msgspec.json.decode(body, type=into, strict=True)
    except msgspec.ValidationError as error:
        raise ValidationException(
            "the request failed validation",
            extra=[{"key": "data", "message": str(error), "source": "body"}],
        ) from error
    except msgspec.DecodeError as error:
        if _LONE_SURROGATE.search(body):
            raise ClientException(
                "a string in the JSON body holds an unpaired surrogate escape (such as "
                "\\ud800), which is not a Unicode character"
            ) from error
        raise ClientException(f"the body is not valid JSON: {error}") from error
