"""recordPurchase: an order from the merchant's backend; its points wait out the return window."""

from __future__ import annotations

import strawberry

from app.core.clock import utcnow
from app.earning.errors import EarningError
from app.earning.purchases import record_purchase
from schema.context import Info
from schema.earning.types import EarningUserError, Purchase, PurchaseInput
from schema.errors import user_errors
from schema.permissions import Access, actor_of, mutation, tenant_of
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class RecordPurchaseInput(PurchaseInput):
    idempotency_key: str


@strawberry.type
class RecordPurchasePayload:
    purchase: Purchase | None = None
    replayed: bool = strawberry.field(
        default=False, description="True when this order was already recorded."
    )
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN, key=ApiScope.PURCHASES_WRITE),
    "Report an order; its points are computed from the active rules and campaigns and stay "
    "pending for the return window. Idempotent by orderId (a repeat answers `replayed: true`). "
    "Errors: MEMBER_NOT_FOUND, MEMBER_BLOCKED, WRONG_CURRENCY, ORDER_ALREADY_RECORDED, "
    "INVALID_INPUT.",
)
async def resolve(info: Info, input: RecordPurchaseInput) -> RecordPurchasePayload:
    tenant_id = tenant_of(info)
    try:
        recorded = await record_purchase(
            tenant_id, input.to_request(utcnow()), actor_of(info), input.idempotency_key
        )
    except EarningError as error:
        return RecordPurchasePayload(user_errors=user_errors(error, EarningUserError))
    return RecordPurchasePayload(
        purchase=Purchase.from_model(recorded.purchase), replayed=recorded.replayed
    )
