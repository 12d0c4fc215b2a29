"""confirmOrderPayment: the merchant's backend reports an order's cash part paid."""

from __future__ import annotations

import strawberry

from app.redemption import orders
from app.redemption.errors import RedemptionError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, actor_of, mutation, tenant_of
from schema.redemption.types import Order, OrderPayload, RedemptionUserError
from schema.scalars import MinorUnits
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class ConfirmOrderPaymentInput:
    order_id: strawberry.ID
    payment_reference: str
    amount: MinorUnits = strawberry.field(description="Must equal the order's cash part.")


@mutation(
    Access(staff=StaffRole.STAFF, key=ApiScope.POINTS_WRITE),
    "The merchant's backend reports an order's cash part paid: the reserved points are spent "
    "and the order CONFIRMED. Errors: WRONG_AMOUNT, ORDER_NOT_FOUND, "
    "INVALID_TRANSITION.",
)
async def resolve(info: Info, input: ConfirmOrderPaymentInput) -> OrderPayload:
    tenant_id = tenant_of(info)
    try:
        order = await orders.confirm_payment(
            tenant_id,
            parse_id(input.order_id),
            input.payment_reference,
            input.amount,
            actor_of(info),
        )
    except RedemptionError as error:
        return OrderPayload(user_errors=user_errors(error, RedemptionUserError))
    return OrderPayload(order=Order.from_model(order))
