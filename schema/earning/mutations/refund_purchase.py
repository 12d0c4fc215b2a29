"""refundPurchase: take back the points of what was returned."""

from __future__ import annotations

import strawberry

from app.earning.errors import EarningError, EarningErrorCode
from app.earning.purchases import RefundRequest, refund_purchase
from schema.context import Info
from schema.earning.types import EarningUserError, Purchase
from schema.errors import user_errors
from schema.money import MoneyInput
from schema.permissions import Access, actor_of, mutation, tenant_of
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


@mutation(
    Access(staff=StaffRole.ADMIN, key=ApiScope.PURCHASES_WRITE),
    "Take back the points of a refunded part of an order, in proportion: pending points are "
    "voided, spendable ones clawed back; what the member already spent is booked as the "
    "merchant's loss, the wallet never goes below zero. Idempotent by idempotencyKey. Errors: "
    "ORDER_NOT_FOUND, NOTHING_TO_REFUND, INVALID_AMOUNT, IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(info: Info, input: RefundPurchaseInput) -> RefundPurchasePayload:
    tenant_id = tenant_of(info)
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
