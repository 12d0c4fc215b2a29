"""updateTenant: the owner changes the merchant's own settings (its time zone, for now)."""

from __future__ import annotations

import strawberry

from app.core.db import tenant_scope
from schema.context import Info
from schema.errors import user_errors
from schema.permissions import Access, mutation, staff_of
from schema.tenancy.types import TenancyUserError, Tenant
from tenants.clock import set_time_zone
from tenants.errors import TenancyError
from tenants.models import Tenant as TenantRow
from tenants.roles import StaffRole


@strawberry.input
class UpdateTenantInput:
    time_zone: str | None = strawberry.field(
        default=None,
        description="The IANA time zone the merchant's days count in, e.g. America/New_York; "
        "applies from now on (days already counted stay as they were). Null keeps it.",
    )


@strawberry.type
class UpdateTenantPayload:
    tenant: Tenant | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.OWNER),
    "Change the merchant's own settings: its time zone, which check-ins, daily limits and caps, "
    "leaderboard weeks and months, yearly clearing and analytics count days in. Errors: "
    "INVALID_INPUT.",
)
async def resolve(info: Info, input: UpdateTenantInput) -> UpdateTenantPayload:
    tenant_id = staff_of(info).tenant_id
    try:
        if input.time_zone is not None:
            await set_time_zone(tenant_id, input.time_zone)
    except TenancyError as error:
        return UpdateTenantPayload(user_errors=user_errors(error, TenancyUserError))
    async with tenant_scope(tenant_id):
        row = await TenantRow.get(id=tenant_id)
    return UpdateTenantPayload(tenant=Tenant.from_model(row))
