"""suspendTenant: an operator switches a merchant off."""

from __future__ import annotations

from schema.context import Info
from schema.ids import parse_id
from schema.permissions import OPERATOR, mutation
from schema.tenancy.types import TenantStatusInput, TenantStatusPayload, set_status
from tenants.roles import TenantStatus


@mutation(OPERATOR, "Suspend a merchant: its tokens and keys stop working at once.")
async def resolve(info: Info, input: TenantStatusInput) -> TenantStatusPayload:
    return await set_status(parse_id(input.tenant_id), TenantStatus.SUSPENDED)
