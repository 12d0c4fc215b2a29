"""refundPurchase: take back the points of what was returned."""

from __future__ import annotations

import strawberry

from app.earning.errors import EarningError
from app.earning.service import refund_purchase
from schema.context import Info
from schema.earning.inputs import MoneyInput
from schema.earning.types import EarningUserError, Purchase
from schema.errors import user_errors
from schema.permissions import actor_of, require_merchant
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class RefundPurchaseInput:
    order_id: str
    amount: MoneyInput = strawberry.field(description="How much of the order was refunded.")
    idempotency_key: str


@strawberry.type
class RefundPurchasePayload:
    purchase: Purchase | None = None
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


async def resolve(info: Info, input: RefundPurchaseInput) -> RefundPurchasePayload:
    tenant_id = require_merchant(info, StaffRole.ADMIN, ApiScope.PURCHASES_WRITE)
    try:
        purchase = await refund_purchase(
            tenant_id, input.order_id, input.amount.amount, actor_of(info), input.idempotency_key
        )
    except EarningError as error:
        return RefundPurchasePayload(user_errors=user_errors(error, EarningUserError))
    return RefundPurchasePayload(purchase=Purchase.from_model(purchase))
