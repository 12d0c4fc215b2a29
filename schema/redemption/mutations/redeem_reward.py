"""redeemReward: spend points on a reward."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.redemption import redeem
from app.redemption.errors import RedemptionError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, actor_of, member_named, mutation
from schema.redemption.types import (
    Order,
    OrderPayload,
    RedemptionUserError,
)
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class RedeemRewardInput:
    reward_id: strawberry.ID
    idempotency_key: str
    quantity: int = 1
    shipping_address: JSON | None = strawberry.field(default=None, description="PHYSICAL rewards.")
    member_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Staff and API keys redeem for this member; a member token for itself (naming "
        "another member is MEMBER_NOT_FOUND).",
    )


@mutation(
    Access(staff=StaffRole.STAFF, key=ApiScope.POINTS_WRITE, member=True),
    "Spend points on a reward: rules checked, stock taken, points moved, coupon codes assigned,"
    " all at once; points-only orders are CONFIRMED. A member token redeems for itself; staff "
    "and API keys name `memberId`. Idempotent by idempotencyKey. Errors: INSUFFICIENT_POINTS, "
    "OUT_OF_STOCK, TIER_REQUIRED, LIMIT_REACHED, NOT_STARTED, ENDED, SHIPPING_ADDRESS_REQUIRED. "
    "A reward with a cash part reserves the points and waits in PENDING_PAYMENT for "
    "confirmOrderPayment (30 minutes, then it cancels itself).",
)
async def resolve(info: Info, input: RedeemRewardInput) -> OrderPayload:
    tenant_id, member_id = member_named(info, input.member_id)
    shipping = input.shipping_address if isinstance(input.shipping_address, dict) else None
    request = redeem.RedeemRequest(member_id, parse_id(input.reward_id), input.quantity, shipping)
    try:
        order = await redeem.redeem_reward(
            tenant_id, request, actor_of(info), input.idempotency_key
        )
    except RedemptionError as error:
        return OrderPayload(user_errors=user_errors(error, RedemptionUserError))
    return OrderPayload(order=Order.from_model(order))
