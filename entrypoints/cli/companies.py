"""`gefest create-company`: a company (tenant) and its first administrator, both or neither."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from application.companies.create_company import (
    CreateCompany,
    CreateCompanyRequest,
    CreatedCompany,
)
from domain.errors import InvalidInput
from domain.identity import credentials
from entrypoints.settings import Settings

if TYPE_CHECKING:
    from dishka import AsyncContainer

DEFAULT_EMAIL_DOMAIN = "gefest.local"


def create_company_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--full-name", required=True, help="the full legal name (1-500 chars)")
    parser.add_argument("--short-name", required=True, help="the short name (1-200 chars)")
    parser.add_argument("--ogrn", required=True, help="OGRN: 13 digits, the last a check digit")
    parser.add_argument("--admin-username", required=True, help="3-64 of a-z, 0-9, '.', '_', '-'")
    parser.add_argument("--admin-password", required=True, help="8-72 bytes")
    parser.add_argument(
        "--admin-email", help=f"the admin's email (default: ADMIN-USERNAME@{DEFAULT_EMAIL_DOMAIN})"
    )


def create_company_command(args: argparse.Namespace, settings: Settings) -> int:
    """Register a company with its first administrator (needs a migrated database)."""
    username = args.admin_username
    request = CreateCompanyRequest(
        full_name=args.full_name,
        short_name=args.short_name,
        ogrn=args.ogrn,
        admin_username=args.admin_username,
        admin_password=args.admin_password,
        admin_email=args.admin_email or _default_email(username),
    )

    from entrypoints.cli.request_scope import run_in_request  # the composition root: heavy

    async def create(request_scope: AsyncContainer) -> CreatedCompany:
        use_case = await request_scope.get(CreateCompany)
        return await use_case.execute(request)

    created = run_in_request(settings, create)
    print(f"company {request.short_name.strip()!r} (OGRN {request.ogrn}): {created.company_id}")
    print(f"administrator {username!r}: {created.admin_id}")
    return 0


def _default_email(username: str) -> str:
    """ADMIN-USERNAME@gefest.local; for a bad username, a stand-in, so that only the username
    (the operator's actual mistake) is reported."""
    try:
        return f"{credentials.username(username)}@{DEFAULT_EMAIL_DOMAIN}"
    except InvalidInput:
        return f"admin@{DEFAULT_EMAIL_DOMAIN}"
