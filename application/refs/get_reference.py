from __future__ import annotations

from application.errors import NotFound
from application.ports.reference_queries import ReferenceQueries
from application.refs.views import REFERENCE_NAMES, ReferenceList


class GetReference:
    """Reference dictionaries are the same for every company and readable by every role."""

    def __init__(self, references: ReferenceQueries) -> None:
        self._references = references

    async def execute(self, name: str) -> ReferenceList:
        if name not in REFERENCE_NAMES:
            raise NotFound(f"no reference named {name!r}")
        return ReferenceList(items=await self._references.items(name))
