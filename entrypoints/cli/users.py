"""`gefest create-user`: an account in a company named by its OGRN, opened by the operator."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from application.companies.add_company_user import AddCompanyUser
from application.users.create_user import CreateUserRequest
from application.users.views import UserView
from domain.identity.role import Role
from entrypoints.settings import Settings

if TYPE_CHECKING:
    from dishka import AsyncContainer


def create_user_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--company-ogrn", required=True, help="the OGRN of the user's company")
    parser.add_argument("--username", required=True, help="3-64 of a-z, 0-9, '.', '_', '-'")
    parser.add_argument("--password", required=True, help="8-72 bytes")
    parser.add_argument("--role", required=True, choices=[role.value for role in Role])
    parser.add_argument("--first-name", required=True)
    parser.add_argument("--last-name", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--middle-name")


def create_user_command(args: argparse.Namespace, settings: Settings) -> int:
    """Open an account in an existing company (needs a migrated database)."""
    account = CreateUserRequest(
        username=args.username,
        password=args.password,
        role_code=args.role,
        first_name=args.first_name,
        last_name=args.last_name,
        email=args.email,
        middle_name=args.middle_name,
    )

    from entrypoints.cli.request_scope import run_in_request  # the composition root: heavy

    async def create(request_scope: AsyncContainer) -> UserView:
        use_case = await request_scope.get(AddCompanyUser)
        return await use_case.execute(args.company_ogrn, account)

    user = run_in_request(settings, create)
    print(f"user {user.username!r} ({user.role_code}) in company {args.company_ogrn}: {user.id}")
    return 0
