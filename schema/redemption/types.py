"""GraphQL types of redemption orders."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from app.redemption import models, orders
from app.redemption.errors import RedemptionError, RedemptionErrorCode
from app.redemption.models import OrderStatus
from app.redemption.orders import order_history
from schema.context import Info
from schema.errors import UserError, user_errors
from schema.ids import parse_id
from schema.permissions import actor_of, tenant_of
from schema.scalars import MinorUnits, Points

RedemptionErrorCodeEnum = strawberry.enum(
    RedemptionErrorCode, name="RedemptionErrorCode", description="Why a redemption was refused."
)
OrderStatusEnum = strawberry.enum(
    OrderStatus,
    description="PENDING_PAYMENT -> CONFIRMED -> FULFILLED -> COMPLETED; CANCELLED; REFUNDED.",
)


@strawberry.type(description="A refused redemption: which field, why, and a message.")
class RedemptionUserError(UserError):
    code: Annotated[RedemptionErrorCode, RedemptionErrorCodeEnum]


@strawberry.type(description="One status change of an order.")
class OrderEvent:
    from_status: str | None
    to_status: str
    actor: str
    reason: str
    created_at: datetime


@strawberry.type(description="A member's redemption of a reward.")
class Order:
    id: strawberry.ID
    member_id: strawberry.ID
    reward_id: strawberry.ID
    quantity: int
    points: Points
    cash: MinorUnits
    matched_points: Points = strawberry.field(
        description="DONATION: points the merchant added to the member's gift (the receipt)."
    )
    status: Annotated[OrderStatus, OrderStatusEnum]
    coupon_codes: list[str] = strawberry.field(
        description="The member's codes: from the pool (COUPON) or vouchers (SERVICE); none "
        "once the order is cancelled or refunded (its codes are void)."
    )
    shipping_address: JSON | None
    valid_until: datetime | None = strawberry.field(description="SERVICE: the voucher's end.")
    plat_paid: bool = strawberry.field(description="Paid in platform points (PLAT).")
    tracking: JSON | None = strawberry.field(
        description="Carrier and tracking number, once shipped."
    )
    created_at: datetime
    tenant_id: strawberry.Private[UUID]

    @strawberry.field(description="The reward's name now (null if it is gone).")
    async def reward_name(self, info: Info) -> str | None:
        return await info.context.reward_names.load((self.tenant_id, UUID(str(self.reward_id))))

    @strawberry.field(description="Every status change: who, when, why.")
    async def history(self) -> list[OrderEvent]:
        events = await order_history(self.tenant_id, UUID(str(self.id)))
        return [
            OrderEvent(
                from_status=e.from_status, to_status=e.to_status, actor=e.actor, reason=e.reason,
                created_at=e.created_at,
            )
            for e in events
        ]  # fmt: skip

    @classmethod
    def from_model(cls, order: models.RedemptionOrder) -> Order:
        return cls(
            id=strawberry.ID(str(order.id)),
            member_id=strawberry.ID(str(order.member_id)),
            reward_id=strawberry.ID(str(order.reward_id)),
            quantity=order.quantity,
            points=Points(order.points),
            cash=MinorUnits(order.cash),
            matched_points=Points(order.matched_points),
            status=order.status,
            coupon_codes=orders.usable_codes(order),
            shipping_address=JSON(order.shipping) if order.shipping else None,
            tracking=JSON(order.tracking) if order.tracking else None,
            valid_until=order.valid_until,
            plat_paid=order.plat_paid,
            created_at=order.created_at,
            tenant_id=order.tenant_id,
        )


@strawberry.type
class OrderPayload:
    order: Order | None = None
    user_errors: list[RedemptionUserError] = strawberry.field(default_factory=list)


@strawberry.input
class OrderStepInput:
    order_id: strawberry.ID
    reason: str = ""


async def advance(info: Info, order_id: strawberry.ID, step: orders.Advance) -> OrderPayload:
    tenant_id = tenant_of(info)
    try:
        order = await orders.advance_order(tenant_id, parse_id(order_id), step, actor_of(info))
    except RedemptionError as error:
        return OrderPayload(user_errors=user_errors(error, RedemptionUserError))
    return OrderPayload(order=Order.from_model(order))
