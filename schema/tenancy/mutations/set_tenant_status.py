"""suspendTenant / reactivateTenant: operators switch a merchant off and on."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import require_operator
from schema.tenancy.types import TenancyUserError, Tenant
from tenants.errors import TenancyError
from tenants.registry import set_tenant_status
from tenants.roles import TenantStatus


@strawberry.input
class TenantStatusInput:
    tenant_id: strawberry.ID


@strawberry.type
class TenantStatusPayload:
    tenant: Tenant | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


async def _set(info: Info, input: TenantStatusInput, status: TenantStatus) -> TenantStatusPayload:
    require_operator(info)
    try:
        tenant = await set_tenant_status(parse_id(input.tenant_id), status)
    except TenancyError as error:
        return TenantStatusPayload(user_errors=user_errors(error, TenancyUserError))
    return TenantStatusPayload(tenant=Tenant.from_model(tenant))


async def suspend(info: Info, input: TenantStatusInput) -> TenantStatusPayload:
    return await _set(info, input, TenantStatus.SUSPENDED)


async def reactivate(info: Info, input: TenantStatusInput) -> TenantStatusPayload:
    return await _set(info, input, TenantStatus.ACTIVE)
