"""refundOrder: refund an order short of completion."""

from __future__ import annotations

import strawberry

from app.redemption import orders
from app.redemption.models import OrderStatus
from schema.context import Info
from schema.permissions import Access, mutation
from schema.redemption.types import (
    OrderPayload,
    advance,
)
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class RefundOrderInput:
    order_id: strawberry.ID
    restock: bool = strawberry.field(
        default=False, description="The goods came back: restock them."
    )
    reason: str = ""


@mutation(
    Access(staff=StaffRole.STAFF, key=ApiScope.POINTS_WRITE),
    "Refund an order short of completion: points come back by the tenant's restore rule; "
    "`restock` returns the goods to stock. Errors: ORDER_NOT_FOUND, INVALID_TRANSITION.",
)
async def resolve(info: Info, input: RefundOrderInput) -> OrderPayload:
    step = orders.Advance(OrderStatus.REFUNDED, input.reason, restock=input.restock)
    return await advance(info, input.order_id, step)
