"""updateTier: change a tier's name, rank, threshold or benefits."""

from __future__ import annotations

import strawberry

from app.tiers import service
from app.tiers.errors import TierError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from schema.tiers.types import (
    Tier,
    TierInput,
    TierPayload,
    TierUserError,
)
from tenants.roles import StaffRole


@strawberry.input
class UpdateTierInput:
    tier_id: strawberry.ID
    tier: TierInput


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Change a tier's name, rank, threshold or benefits.",
)
async def resolve(info: Info, input: UpdateTierInput) -> TierPayload:
    tenant_id = tenant_of(info)
    try:
        tier = await service.update_tier(tenant_id, parse_id(input.tier_id), input.tier.to_spec())
    except TierError as error:
        return TierPayload(user_errors=user_errors(error, TierUserError))
    return TierPayload(tier=Tier.from_model(tier))
