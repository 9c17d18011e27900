from __future__ import annotations

from dataclasses import dataclass

from application.caller import Caller
from application.organisation.views import OrgUnitList
from application.pagination import DEFAULT_LIMIT, Page, Sort
from application.ports.organisation import (
    ORG_UNIT_SORT_FIELDS,
    OrgUnitListCriteria,
    OrgUnitQueries,
)
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.permissions import Action, Resource
from domain.organisation.org_unit import OrgKind

MAX_QUERY = 200


@dataclass(frozen=True, slots=True)
class ListOrgUnitsRequest:
    kind: OrgKind
    q: str | None = None
    sort: str | None = None  # name, -name, created_at, -created_at; default name
    limit: int = DEFAULT_LIMIT
    offset: int = 0


class ListOrgUnits:
    """Every role may list the departments, positions or grades of their own company,
    filtered by a case-insensitive name fragment, a page at a time with the total count."""

    def __init__(self, queries: OrgUnitQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, request: ListOrgUnitsRequest) -> OrgUnitList:
        caller.authorize(Resource.ORGANISATION, Action.READ)
        problems = ProblemCollector()
        q = (request.q or "").strip()
        problems.check(len(q) <= MAX_QUERY, "q", f"at most {MAX_QUERY} characters")
        problems.check("\x00" not in q, "q", "must not contain NUL characters")
        page = sort = None
        try:
            page = Page(request.limit, request.offset)
        except InvalidInput as error:
            problems.absorb(error)
        try:
            sort = Sort.parse(request.sort, ORG_UNIT_SORT_FIELDS, "name")
        except InvalidInput as error:
            problems.absorb(error)
        problems.raise_if_any()
        assert page is not None and sort is not None
        criteria = OrgUnitListCriteria(q=q or None, sort=sort, page=page)
        return await self._queries.list(caller.company_id, request.kind, criteria)
