"""createTier: add a tier."""

from __future__ import annotations

from app.tiers import service
from app.tiers.errors import TierError
from schema.context import Info
from schema.errors import user_errors
from schema.permissions import Access, mutation, tenant_of
from schema.tiers.types import (
    Tier,
    TierInput,
    TierPayload,
    TierUserError,
)
from tenants.roles import StaffRole


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Add a tier.",
)
async def resolve(info: Info, input: TierInput) -> TierPayload:
    tenant_id = tenant_of(info)
    try:
        return TierPayload(
            tier=Tier.from_model(await service.save_tier(tenant_id, None, input.to_spec()))
        )
    except TierError as error:
        return TierPayload(user_errors=user_errors(error, TierUserError))
