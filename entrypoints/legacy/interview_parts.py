"""What an old interview embeds besides itself: its candidate's whole card, its whole vacancy and
its creator's record. They are read through the candidate, vacancy and colleague use cases, one
call each however many interviews there are (a page names at most MAX_LIMIT of each), so the
caller's role and company rule them as they rule those reads on their own."""

from __future__ import annotations

from collections.abc import Sequence

from dishka import Provider, Scope, provide

from application.caller import Caller
from application.candidates.list_candidates import ListCandidates
from application.candidates.views import CandidateFilters
from application.interviews.views import InterviewView
from application.listing import ListRequest
from application.pagination import MAX_LIMIT
from application.users.list_colleagues import ListColleagues
from application.vacancies.list_vacancies import ListVacancies
from application.vacancies.views import VacancyFilters
from entrypoints.legacy.schemas.candidates import old_candidate
from entrypoints.legacy.schemas.interviews import OldInterview, old_interview
from entrypoints.legacy.schemas.users import old_colleague
from entrypoints.legacy.schemas.vacancies import old_vacancy


class InterviewParts:
    def __init__(
        self,
        caller: Caller,
        candidates: ListCandidates,
        vacancies: ListVacancies,
        colleagues: ListColleagues,
    ) -> None:
        self._caller = caller
        self._candidates = candidates
        self._vacancies = vacancies
        self._colleagues = colleagues

    async def old_interviews(self, views: Sequence[InterviewView]) -> list[OldInterview]:
        """The interviews in the old shape, in their order. One whose candidate or vacancy was
        deleted since the interviews were read is left out, as a later read would leave it."""
        if not views:
            return []
        caller = self._caller
        candidate_ids = tuple(dict.fromkeys(view.candidate.id for view in views))
        vacancy_ids = tuple(dict.fromkeys(view.vacancy.id for view in views))
        cards = await self._candidates.execute(
            caller, ListRequest(filters=CandidateFilters(ids=candidate_ids), limit=MAX_LIMIT)
        )
        vacancies = await self._vacancies.execute(
            caller, ListRequest(filters=VacancyFilters(ids=vacancy_ids), limit=MAX_LIMIT)
        )
        creators = await self._colleagues.execute(caller, {view.created_by.id for view in views})
        card_of = {card.id: old_candidate(card) for card in cards.decoded().items}
        vacancy_of = {vacancy.id: old_vacancy(vacancy) for vacancy in vacancies.items}
        creator_of = {user.id: old_colleague(user) for user in creators}
        return [
            old_interview(
                view,
                card_of[view.candidate.id],
                vacancy_of[view.vacancy.id],
                creator_of[view.created_by.id],
            )
            for view in views
            if view.candidate.id in card_of
            and view.vacancy.id in vacancy_of
            and view.created_by.id in creator_of
        ]


class LegacyProvider(Provider):
    scope = Scope.REQUEST

    interview_parts = provide(InterviewParts)
