"""Companies with a user of every role, made through the real use cases and repositories."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from dishka import AsyncContainer

from application.companies.create_company import CreateCompany, CreateCompanyRequest
from application.ports.identity import UserRepository
from application.ports.security import AccessClaims, AccessTokenCodec, PasswordHasher
from application.ports.system import IdGenerator
from application.ports.transaction import UnitOfWork
from domain.identity.role import Role
from domain.identity.user import User

PASSWORD = "correct-horse-battery"


def valid_ogrn() -> str:
    base = "1" + "".join(secrets.choice("0123456789") for _ in range(11))
    return base + str(int(base) % 11 % 10)


@dataclass
class Member:
    id: UUID
    username: str
    role: Role
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Tenant:
    company_id: UUID
    members: dict[Role, Member] = field(default_factory=dict)

    @property
    def admin(self) -> Member:
        return self.members[Role.ADMIN]

    def __getitem__(self, role: Role) -> Member:
        return self.members[role]


async def access_token_for(
    container: AsyncContainer, user_id: UUID, company_id: UUID, role: Role
) -> str:
    codec = await container.get(AccessTokenCodec)
    now = datetime.now(UTC)
    return codec.encode(
        AccessClaims(
            user_id=user_id,
            company_id=company_id,
            role=role,
            issued_at=now,
            expires_at=now + timedelta(hours=1),
            token_id=secrets.token_hex(8),
        )
    )


async def make_tenant(container: AsyncContainer) -> Tenant:
    """A fresh company whose admin was created by CreateCompany, plus one user of each other
    role."""
    suffix = secrets.token_hex(4)
    async with container() as request:
        created = await (await request.get(CreateCompany)).execute(
            CreateCompanyRequest(
                full_name=f"Test company {suffix}",
                short_name=f"T{suffix}",
                ogrn=valid_ogrn(),
                admin_username=f"admin-{suffix}",
                admin_password=PASSWORD,
                admin_email=f"admin-{suffix}@example.com",
            )
        )
    tenant = Tenant(company_id=created.company_id)
    tenant.members[Role.ADMIN] = Member(
        created.admin_id,
        f"admin-{suffix}",
        Role.ADMIN,
        await access_token_for(container, created.admin_id, created.company_id, Role.ADMIN),
    )
    hasher = await container.get(PasswordHasher)
    password_hash = await hasher.hash(PASSWORD)
    async with container() as request:
        users = await request.get(UserRepository)
        ids = await request.get(IdGenerator)
        now = datetime.now(UTC)
        for role in Role:
            if role is Role.ADMIN:
                continue
            user = User(
                id=ids.new_id(),
                company_id=created.company_id,
                username=f"{role.value}-{suffix}",
                password_hash=password_hash,
                role=role,
                first_name=role.value.title(),
                last_name="Tester",
                email=f"{role.value}-{suffix}@example.com",
                created_at=now,
                updated_at=now,
            )
            await users.add(user)
            tenant.members[role] = Member(
                user.id,
                user.username,
                role,
                await access_token_for(container, user.id, created.company_id, role),
            )
        await (await request.get(UnitOfWork)).commit()
    return tenant
