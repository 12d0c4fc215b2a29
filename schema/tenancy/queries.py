"""Tenancy queries: who am I, my tenant, its staff and keys, and the operators' tenant list."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from schema.context import Info
from schema.pagination import Connection, connection, page_request
from schema.permissions import (
    ANYONE,
    OPERATOR,
    Access,
    query,
    staff_of,
    tenant_principal,
)
from schema.tenancy.types import (
    ApiKey,
    ApiScopeEnum,
    StaffRoleEnum,
    StaffUser,
    Tenant,
    TenantStatusEnum,
)
from tenants.apikeys import list_api_keys
from tenants.operators import operator_email
from tenants.origins import allowed_origins
from tenants.principals import (
    ApiKeyPrincipal,
    MemberPrincipal,
    OperatorPrincipal,
    Principal,
    StaffPrincipal,
)
from tenants.registry import get_tenant, list_tenants
from tenants.roles import ApiScope, StaffRole, TenantStatus
from tenants.staff import get_staff_user, list_staff_users


@strawberry.enum(description="What kind of caller this is.")
class PrincipalKind(Enum):
    ANONYMOUS = "ANONYMOUS"
    STAFF = "STAFF"
    MEMBER = "MEMBER"
    API_KEY = "API_KEY"
    OPERATOR = "OPERATOR"


_KINDS = {
    StaffPrincipal: PrincipalKind.STAFF,
    MemberPrincipal: PrincipalKind.MEMBER,
    ApiKeyPrincipal: PrincipalKind.API_KEY,
    OperatorPrincipal: PrincipalKind.OPERATOR,
}


@strawberry.type(description="The caller: what kind, which tenant, which powers.")
class Viewer:
    principal: strawberry.Private[Principal]

    @strawberry.field
    def kind(self) -> PrincipalKind:
        return _KINDS.get(type(self.principal), PrincipalKind.ANONYMOUS)

    @strawberry.field(description="The staff role, for staff.")
    def role(self) -> Annotated[StaffRole, StaffRoleEnum] | None:
        return self.principal.role if isinstance(self.principal, StaffPrincipal) else None

    @strawberry.field(description="The API key's scopes, for API keys.")
    def scopes(self) -> list[Annotated[ApiScope, ApiScopeEnum]]:
        if isinstance(self.principal, ApiKeyPrincipal):
            return sorted(self.principal.scopes)
        return []

    @strawberry.field(description="The caller's tenant, for staff, members and API keys.")
    async def tenant(self) -> Tenant | None:
        if not isinstance(self.principal, StaffPrincipal | MemberPrincipal | ApiKeyPrincipal):
            return None
        tenant = await get_tenant(self.principal.tenant_id)
        return Tenant.from_model(tenant) if tenant else None

    @strawberry.field(description="The staff user, when the caller is staff.")
    async def staff_user(self) -> StaffUser | None:
        if not isinstance(self.principal, StaffPrincipal):
            return None
        staff = await get_staff_user(self.principal.tenant_id, self.principal.staff_id)
        return StaffUser.from_model(staff) if staff else None

    @strawberry.field(description="The operator's email, when the caller is a platform operator.")
    async def operator_email(self) -> str | None:
        if not isinstance(self.principal, OperatorPrincipal):
            return None
        return await operator_email(self.principal.operator_id)


@strawberry.type
class TenancyQueries:
    @query(
        ANYONE,
        "Who the caller is, anonymous included.",
    )
    def viewer(self, info: Info) -> Viewer:
        return Viewer(principal=info.context.principal)

    @query(
        ANYONE,
        "The caller's own tenant; null for operators and anonymous callers.",
    )
    async def tenant(self, info: Info) -> Tenant | None:
        principal = tenant_principal(info)
        if principal is None:
            return None
        tenant = await get_tenant(principal.tenant_id)
        return Tenant.from_model(tenant) if tenant else None

    @query(
        OPERATOR,
        "All merchants, oldest first; `status` and `search` narrow the list.",
    )
    async def tenants(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        status: Annotated[TenantStatus, TenantStatusEnum] | None = None,
        search: Annotated[
            str,
            strawberry.argument(
                description="A part of the slug or the name, any case (at most 100 characters)."
            ),
        ] = "",
    ) -> Connection[Tenant]:
        page = await list_tenants(status, page_request(first, after, last, before), search)
        return connection(page, Tenant.from_model)

    @query(
        Access(staff=StaffRole.ADMIN),
        "The merchant's staff logins.",
    )
    async def staff_users(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[StaffUser]:
        actor = staff_of(info)
        page = await list_staff_users(actor.tenant_id, page_request(first, after, last, before))
        return connection(page, StaffUser.from_model)

    @query(
        Access(staff=StaffRole.ADMIN),
        "The origins browsers may call the API from with this merchant's credentials "
        "(setAllowedOrigins), besides the platform's own.",
    )
    async def allowed_origins(self, info: Info) -> list[str]:
        return await allowed_origins(staff_of(info).tenant_id)

    @query(
        Access(staff=StaffRole.ADMIN),
        "The merchant's API keys, revoked ones included.",
    )
    async def api_keys(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ApiKey]:
        actor = staff_of(info)
        page = await list_api_keys(actor.tenant_id, page_request(first, after, last, before))
        return connection(page, ApiKey.from_model)
