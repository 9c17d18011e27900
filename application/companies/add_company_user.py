from __future__ import annotations

from application.errors import NotFound
from application.events.recorder import EventRecorder, Nobody
from application.ports.identity import CompanyRepository, UserRepository
from application.ports.org_lookup import OrgUnitLookup
from application.ports.security import PasswordHasher
from application.ports.system import Clock, IdGenerator
from application.ports.transaction import UnitOfWork
from application.ports.user_queries import UserQueries
from application.users.create_user import CreateUserRequest, open_account
from application.users.views import UserView
from domain.identity.company import ogrn


class AddCompanyUser:
    """Operators (the CLI) open an account in a company they name by its OGRN, under the same
    account rules as an administrator's CreateUser. There is no caller to authorize: whoever
    runs the operator's tools holds the database itself, so no user is impersonated."""

    def __init__(
        self,
        companies: CompanyRepository,
        users: UserRepository,
        queries: UserQueries,
        org_units: OrgUnitLookup,
        hasher: PasswordHasher,
        clock: Clock,
        ids: IdGenerator,
        events: EventRecorder,
        uow: UnitOfWork,
    ) -> None:
        self._companies = companies
        self._users = users
        self._queries = queries
        self._org_units = org_units
        self._hasher = hasher
        self._clock = clock
        self._ids = ids
        self._events = events
        self._uow = uow

    async def execute(self, company_ogrn: str, account: CreateUserRequest) -> UserView:
        company = await self._companies.find_by_ogrn(ogrn(company_ogrn.strip(), "company_ogrn"))
        if company is None:
            raise NotFound(f"no company with OGRN {company_ogrn.strip()}")
        user = await open_account(
            company.id,
            account,
            self._users,
            self._org_units,
            self._hasher,
            self._clock,
            self._ids,
        )
        await self._events.created(Nobody(company.id), user)
        view = await self._queries.get(company.id, user.id)
        assert view is not None
        await self._uow.commit()
        return view
