"""markDelivered: a shipped order arrived."""

from __future__ import annotations

from app.redemption import orders
from app.redemption.models import OrderStatus
from schema.context import Info
from schema.permissions import Access, mutation
from schema.redemption.types import (
    OrderPayload,
    OrderStepInput,
    advance,
)
from tenants.roles import ApiScope, StaffRole


@mutation(
    Access(staff=StaffRole.STAFF, key=ApiScope.POINTS_WRITE),
    "A shipped order arrived. Errors: ORDER_NOT_FOUND, INVALID_TRANSITION.",
)
async def resolve(info: Info, input: OrderStepInput) -> OrderPayload:
    return await advance(info, input.order_id, orders.Advance(OrderStatus.DELIVERED, input.reason))
