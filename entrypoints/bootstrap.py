"""First start: one company and its administrator, unless some company already exists."""

from __future__ import annotations

import logging

from application.companies.create_company import CreateCompany, CreateCompanyRequest
from application.errors import AlreadyExists
from application.ports.identity import CompanyRepository
from entrypoints.ioc import make_container
from entrypoints.settings import DEFAULT_ADMIN_PASSWORD, Settings

log = logging.getLogger("gefest.bootstrap")

BOOTSTRAP_COMPANY = {"full_name": "Gefest", "short_name": "Gefest", "ogrn": "1027700132195"}


async def bootstrap(settings: Settings) -> bool:
    """Returns True when it created the first company; running it again changes nothing."""
    settings.check_production_safety()
    container = make_container(settings)
    try:
        async with container() as request:
            if await (await request.get(CompanyRepository)).exists_any():
                return False
            use_case = await request.get(CreateCompany)
            try:
                await use_case.execute(
                    CreateCompanyRequest(
                        **BOOTSTRAP_COMPANY,
                        admin_username=settings.admin_username,
                        admin_password=settings.admin_password,
                        admin_email=f"{settings.admin_username}@gefest.local",
                        admin_password_is_temporary=settings.admin_password
                        == DEFAULT_ADMIN_PASSWORD,
                    )
                )
            except AlreadyExists:  # another worker bootstrapped at the same moment
                return False
            log.info(
                "bootstrap: created the first company and the admin %r", settings.admin_username
            )
            return True
    finally:
        await container.close()
