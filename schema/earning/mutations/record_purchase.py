"""recordPurchase: an order from the merchant's backend; its points wait out the return window."""

from __future__ import annotations

import strawberry

from app.core.clock import utcnow
from app.earning.errors import EarningError
from app.earning.purchases import record_purchase
from schema.context import Info
from schema.earning.inputs import PurchaseInput
from schema.earning.types import EarningUserError, Purchase
from schema.errors import user_errors
from schema.permissions import actor_of, require_merchant
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


async def resolve(info: Info, input: RecordPurchaseInput) -> RecordPurchasePayload:
    tenant_id = require_merchant(info, StaffRole.ADMIN, ApiScope.PURCHASES_WRITE)
    try:
        recorded = await record_purchase(
            tenant_id, input.to_request(utcnow()), actor_of(info), input.idempotency_key
        )
    except EarningError as error:
        return RecordPurchasePayload(user_errors=user_errors(error, EarningUserError))
    return RecordPurchasePayload(
        purchase=Purchase.from_model(recorded.purchase), replayed=recorded.replayed
    )
