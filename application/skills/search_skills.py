from __future__ import annotations

from dataclasses import dataclass

from application.caller import Caller
from application.pagination import Page
from application.ports.skills import DEFAULT_SKILL_LIMIT, SkillQueries, SkillSearchCriteria
from application.skills.views import SkillList
from domain.errors import InvalidInput, ProblemCollector
from domain.identity.permissions import Action, Resource
from domain.organisation.skill import normalize_skill_name

MAX_QUERY = 100


@dataclass(frozen=True, slots=True)
class SearchSkillsRequest:
    q: str | None = None
    limit: int = DEFAULT_SKILL_LIMIT
    offset: int = 0


class SearchSkills:
    """Every role may search their company's skills (autocomplete): the query is normalized
    like a skill name; skills starting with it come first, then those containing it."""

    def __init__(self, queries: SkillQueries) -> None:
        self._queries = queries

    async def execute(self, caller: Caller, request: SearchSkillsRequest) -> SkillList:
        caller.authorize(Resource.SKILLS, Action.READ)
        problems = ProblemCollector()
        q = normalize_skill_name(request.q or "")
        problems.check(len(q) <= MAX_QUERY, "q", f"at most {MAX_QUERY} characters")
        problems.check("\x00" not in q, "q", "must not contain NUL characters")
        page = None
        try:
            page = Page(request.limit, request.offset)
        except InvalidInput as error:
            problems.absorb(error)
        problems.raise_if_any()
        assert page is not None
        return await self._queries.search(caller.company_id, SkillSearchCriteria(q=q, page=page))
