"""What a request may send a route: the handler's own parameters and those of its dependencies.

A list reads its query parameters through a dependency (entrypoints/http/listing.py), so a rule
that looks at every query parameter (whole numbers, the schema's zero bounds) looks here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from litestar.handlers import BaseRouteHandler


def parameters_of(handler: BaseRouteHandler) -> Iterator[tuple[str, Any]]:
    """(name, FieldDefinition) of every parameter, the dependencies' included."""
    yield from handler.parsed_fn_signature.parameters.items()
    for provide in handler.resolve_dependencies().values():
        signature = getattr(provide, "parsed_fn_signature", None)
        if signature is not None:
            yield from signature.parameters.items()
