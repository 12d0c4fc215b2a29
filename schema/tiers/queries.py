"""Tier queries."""

from __future__ import annotations

import strawberry

from app.tiers import service
from schema.context import Info
from schema.permissions import Access, query, tenant_of
from schema.tiers.types import Tier, TierPolicy
from tenants.roles import StaffRole


@strawberry.type
class TierQueries:
    @query(
        Access(staff=StaffRole.VIEWER, any_key=True, member=True),
        "The merchant's tiers, lowest first.",
    )
    async def tiers(self, info: Info) -> list[Tier]:
        tenant_id = tenant_of(info)
        return [Tier.from_model(tier) for tier in await service.list_tiers(tenant_id)]

    @query(
        Access(staff=StaffRole.VIEWER),
        "How members qualify for tiers: what counts (points earned or money spent), over which "
        "window, and the grace period before a downgrade.",
    )
    async def tier_policy(self, info: Info) -> TierPolicy:
        return TierPolicy.from_model(await service.get_policy(tenant_of(info)))
