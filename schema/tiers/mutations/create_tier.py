"""createTier: add a tier."""

from __future__ import annotations

from app.tiers import service
from app.tiers.errors import TierError
from schema.context import Info
from schema.errors import user_errors
from schema.idempotency import CreateKeyArgument, keyed
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
    "Add a tier. Errors: RANK_TAKEN, INVALID_INPUT, IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(
    info: Info, input: TierInput, idempotency_key: CreateKeyArgument = None
) -> TierPayload:
    tenant_id = tenant_of(info)
    try:
        return TierPayload(
            tier=Tier.from_model(
                await service.create_tier(tenant_id, input.to_spec(), keyed(info, idempotency_key))
            )
        )
    except TierError as error:
        return TierPayload(user_errors=user_errors(error, TierUserError))
