"""refundPurchase: take back the points of what was returned."""

from __future__ import annotations

import strawberry

from app.earning.errors import EarningError, EarningErrorCode
from app.earning.purchases import RefundRequest, refund_purchase
from schema.context import Info
from schema.earning.inputs import MoneyInput
from schema.earning.types import EarningUserError, Purchase
from schema.errors import user_errors
from schema.permissions import actor_of, require_merchant
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class RefundItemInput:
    sku: str
    quantity: int = 1


@strawberry.input(description="Give `amount` or `items`.")
class RefundPurchaseInput:
    order_id: str
    idempotency_key: str
    amount: MoneyInput | None = strawberry.field(
        default=None, description="How much of the order was refunded."
    )
    items: list[RefundItemInput] | None = strawberry.field(
        default=None, description="Which items came back; valued at their share of the order."
    )


@strawberry.type
class RefundPurchasePayload:
    purchase: Purchase | None = None
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


async def resolve(info: Info, input: RefundPurchaseInput) -> RefundPurchasePayload:
    tenant_id = require_merchant(info, StaffRole.ADMIN, ApiScope.PURCHASES_WRITE)
    try:
        if (input.amount is None) == (input.items is None):
            raise EarningError(EarningErrorCode.INVALID_INPUT, "Give amount or items.", "amount")
        request = RefundRequest(
            input.order_id,
            input.amount.amount if input.amount is not None else None,
            tuple((item.sku, item.quantity) for item in input.items or []),
        )
        purchase = await refund_purchase(tenant_id, request, actor_of(info), input.idempotency_key)
    except EarningError as error:
        return RefundPurchasePayload(user_errors=user_errors(error, EarningUserError))
    return RefundPurchasePayload(purchase=Purchase.from_model(purchase))
