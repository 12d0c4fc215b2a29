"""Tier queries."""

from __future__ import annotations

import strawberry

from app.tiers import service
from schema.context import Info
from schema.permissions import require_staff, tenant_principal
from schema.tiers.types import Tier


@strawberry.type
class TierQueries:
    @strawberry.field(
        description="The merchant's tiers, lowest first. Staff, API keys and members."
    )
    async def tiers(self, info: Info) -> list[Tier]:
        principal = tenant_principal(info)
        tenant_id = principal.tenant_id if principal else require_staff(info).tenant_id
        return [Tier.from_model(tier) for tier in await service.list_tiers(tenant_id)]
