"""updateTierPolicy: how members qualify for tiers."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.tiers import service
from app.tiers.errors import TierError
from app.tiers.models import Basis, Window
from schema.context import Info
from schema.errors import user_errors
from schema.permissions import Access, mutation, tenant_of
from schema.tiers.types import BasisEnum, TierPolicy, TierUserError, WindowEnum
from tenants.roles import StaffRole


@strawberry.input
class TierPolicyInput:
    basis: Annotated[Basis, BasisEnum]
    window: Annotated[Window, WindowEnum]
    months: int = 12
    grace_days: int = 30


@strawberry.type
class TierPolicyPayload:
    policy: TierPolicy | None = None
    user_errors: list[TierUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "How members qualify: basis, window and the downgrade grace.",
)
async def resolve(info: Info, input: TierPolicyInput) -> TierPolicyPayload:
    tenant_id = tenant_of(info)
    try:
        policy = await service.update_policy(
            tenant_id, input.basis, input.window, input.months, input.grace_days
        )
    except TierError as error:
        return TierPolicyPayload(user_errors=user_errors(error, TierUserError))
    return TierPolicyPayload(policy=TierPolicy.from_model(policy))
