from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.caller import Caller
from application.errors import NotFound, PreconditionFailed
from application.ports.interviews import InterviewRepository
from application.ports.system import Clock
from application.ports.transaction import UnitOfWork
from domain.identity.permissions import Action, Resource


@dataclass(frozen=True, slots=True)
class DeleteInterviewRequest:
    interview_id: UUID
    expected_version: int | None = None  # from If-Match; None: delete whatever is there


class DeleteInterview:
    """Admins, managers and recruiters soft-delete an interview of their company: it leaves
    lists and reads (and the vacancy's hired count) until restored; its history is kept. A
    stale `expected_version` deletes nothing (PreconditionFailed)."""

    def __init__(self, interviews: InterviewRepository, clock: Clock, uow: UnitOfWork) -> None:
        self._interviews = interviews
        self._clock = clock
        self._uow = uow

    async def execute(self, caller: Caller, request: DeleteInterviewRequest) -> None:
        caller.authorize(Resource.INTERVIEWS, Action.DELETE)
        interview = await self._interviews.get(
            caller.company_id, request.interview_id, for_update=True
        )
        if interview is None or interview.is_deleted:
            raise NotFound("no such interview")
        if request.expected_version is not None and request.expected_version != interview.version:
            raise PreconditionFailed("the interview was changed by someone else")
        version = interview.version
        interview.soft_delete(self._clock.now())
        await self._interviews.save(interview, expected_version=version)
        await self._uow.commit()
