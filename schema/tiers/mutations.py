"""createTier, updateTier, updateTierPolicy, setMemberTier."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.tiers import service
from app.tiers.errors import TierError
from app.tiers.models import Basis, Window
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import require_staff
from schema.scalars import Points
from schema.tiers.types import BasisEnum, Tier, TierPolicy, TierUserError, WindowEnum
from tenants.roles import StaffRole


@strawberry.input
class TierInput:
    name: str
    rank: int
    threshold: Points
    earn_multiplier: str = "1"
    birthday_multiplier: str = "1"
    perks: list[str] = strawberry.field(default_factory=list)

    def to_spec(self) -> service.TierSpec:
        return service.TierSpec(
            self.name,
            self.rank,
            self.threshold,
            self.earn_multiplier,
            self.birthday_multiplier,
            self.perks,
        )


@strawberry.input
class UpdateTierInput:
    tier_id: strawberry.ID
    tier: TierInput


@strawberry.input
class TierPolicyInput:
    basis: Annotated[Basis, BasisEnum]
    window: Annotated[Window, WindowEnum]
    months: int = 12
    grace_days: int = 30


@strawberry.input
class SetMemberTierInput:
    member_id: strawberry.ID
    tier_id: strawberry.ID
    until: datetime | None = strawberry.field(
        default=None, description="Null: until changed again."
    )
    reason: str = ""


@strawberry.type
class TierPayload:
    tier: Tier | None = None
    user_errors: list[TierUserError] = strawberry.field(default_factory=list)


@strawberry.type
class TierPolicyPayload:
    policy: TierPolicy | None = None
    user_errors: list[TierUserError] = strawberry.field(default_factory=list)


@strawberry.type
class SetMemberTierPayload:
    ok: bool = False
    user_errors: list[TierUserError] = strawberry.field(default_factory=list)


async def create_tier(info: Info, input: TierInput) -> TierPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        return TierPayload(
            tier=Tier.from_model(await service.save_tier(tenant_id, None, input.to_spec()))
        )
    except TierError as error:
        return TierPayload(user_errors=user_errors(error, TierUserError))


async def update_tier(info: Info, input: UpdateTierInput) -> TierPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        tier = await service.save_tier(tenant_id, parse_id(input.tier_id), input.tier.to_spec())
    except TierError as error:
        return TierPayload(user_errors=user_errors(error, TierUserError))
    return TierPayload(tier=Tier.from_model(tier))


async def update_tier_policy(info: Info, input: TierPolicyInput) -> TierPolicyPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        policy = await service.update_policy(
            tenant_id, input.basis, input.window, input.months, input.grace_days
        )
    except TierError as error:
        return TierPolicyPayload(user_errors=user_errors(error, TierUserError))
    return TierPolicyPayload(policy=TierPolicy.from_model(policy))


async def set_member_tier(info: Info, input: SetMemberTierInput) -> SetMemberTierPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        await service.set_member_tier(
            tenant_id, parse_id(input.member_id), parse_id(input.tier_id), input.until, input.reason
        )
    except TierError as error:
        return SetMemberTierPayload(user_errors=user_errors(error, TierUserError))
    return SetMemberTierPayload(ok=True)


@strawberry.type
class TierMutations:
    create_tier = strawberry.mutation(
        resolver=create_tier, description="Add a tier. ADMIN or OWNER."
    )
    update_tier = strawberry.mutation(
        resolver=update_tier,
        description="Change a tier's name, rank, threshold or benefits. ADMIN or OWNER.",
    )
    update_tier_policy = strawberry.mutation(
        resolver=update_tier_policy,
        description="How members qualify: basis, window and the downgrade grace. ADMIN or OWNER.",
    )
    set_member_tier = strawberry.mutation(
        resolver=set_member_tier,
        description="Put a member in a tier until a date, whatever their progress. ADMIN or OWNER. "
        "Errors: MEMBER_NOT_FOUND, TIER_NOT_FOUND.",
    )
