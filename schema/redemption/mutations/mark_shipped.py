"""markShipped: a physical order left with a carrier."""

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
class MarkShippedInput:
    order_id: strawberry.ID
    carrier: str
    tracking_number: str


@mutation(
    Access(staff=StaffRole.STAFF, key=ApiScope.POINTS_WRITE),
    "A physical order left with a carrier. Errors: ORDER_NOT_FOUND, INVALID_TRANSITION.",
)
async def resolve(info: Info, input: MarkShippedInput) -> OrderPayload:
    tracking = {
        "carrier": input.carrier.strip()[:100],
        "tracking_number": input.tracking_number.strip()[:100],
    }
    step = orders.Advance(OrderStatus.SHIPPED, f"Shipped with {tracking['carrier']}", tracking)
    return await advance(info, input.order_id, step)
