from __future__ import annotations

from dataclasses import dataclass

from domain.errors import ProblemCollector
from domain.identity.permissions import Action, Resource
from domain.organisation.org_unit import OrgKind

from application.caller import Caller
from application.organisation.views import OrgUnitList
from application.ports.organisation import OrgUnitListCriteria, OrgUnitQueries

MAX_LIMIT = 200
MAX_QUERY = 200
SORTS = ("name", "-name", "created_at", "-created_at")


@dataclass(frozen=True, slots=True)
class ListOrgUnitsRequest:
    kind: OrgKind
    q: str | None = None
    sort: str = "name"
    limit: int = 50
    offset: int = 0


class ListOrgUnits:
    """Every role may list the departments, positions or grades of their own company,
    filtered by a case-insensitive name fragment, a page at a time with the total count."""

    def __init__(self, queries: OrgUnitQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, request: ListOrgUnitsRequest) -> OrgUnitList:
        caller.authorize(Resource.ORGANISATION, Action.READ)
        problems = ProblemCollector()
        problems.check(1 <= request.limit <= MAX_LIMIT, "limit", f"1-{MAX_LIMIT}")
        problems.check(request.offset >= 0, "offset", "0 or more")
        problems.check(request.sort in SORTS, "sort", "one of " + ", ".join(SORTS))
        q = (request.q or "").strip()
        problems.check(len(q) <= MAX_QUERY, "q", f"at most {MAX_QUERY} characters")
        problems.check("\x00" not in q, "q", "must not contain NUL characters")
        problems.raise_if_any()
        criteria = OrgUnitListCriteria(
            q=q or None,
            sort="created_at" if request.sort.endswith("created_at") else "name",
            descending=request.sort.startswith("-"),
            limit=request.limit,
            offset=request.offset,
        )
        return await self._queries.list(caller.company_id, request.kind, criteria)
