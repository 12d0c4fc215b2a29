"""setMemberTier: put a member in a tier until a date."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.tiers import service
from app.tiers.errors import TierError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from schema.tiers.types import TierUserError
from tenants.roles import StaffRole


@strawberry.input
class SetMemberTierInput:
    member_id: strawberry.ID
    tier_id: strawberry.ID
    until: datetime | None = strawberry.field(
        default=None, description="Null: until changed again."
    )
    reason: str = ""


@strawberry.type
class SetMemberTierPayload:
    ok: bool = False
    user_errors: list[TierUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Put a member in a tier until a date, whatever their progress. Errors: MEMBER_NOT_FOUND, "
    "TIER_NOT_FOUND.",
)
async def resolve(info: Info, input: SetMemberTierInput) -> SetMemberTierPayload:
    tenant_id = tenant_of(info)
    try:
        await service.set_member_tier(
            tenant_id, parse_id(input.member_id), parse_id(input.tier_id), input.until, input.reason
        )
    except TierError as error:
        return SetMemberTierPayload(user_errors=user_errors(error, TierUserError))
    return SetMemberTierPayload(ok=True)
