"""purchasePlatformPoints: buy PLAT into the merchant's treasury."""

from __future__ import annotations

import strawberry

from app.exchange import treasury
from app.exchange.errors import ExchangeError
from schema.context import Info
from schema.exchange.types import (
    ExchangeUserError,
    PlatformTreasury,
    exchange_errors,
    treasury_of,
)
from schema.money import Money
from schema.permissions import Access, actor_of, mutation, tenant_of
from schema.scalars import MinorUnits, Points
from tenants.roles import StaffRole


@strawberry.input
class PurchasePlatformPointsInput:
    amount: Points
    idempotency_key: str


@strawberry.type
class PurchasePlatformPointsPayload:
    journal_id: strawberry.ID | None = None
    cost: Money | None = strawberry.field(
        default=None, description="What the merchant owes the platform, settled in its batch."
    )
    treasury: PlatformTreasury | None = None
    replayed: bool = False
    user_errors: list[ExchangeUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Buy PLAT into this merchant's treasury, to award with awardPoints (currency PLAT); the "
    "cost is owed to the platform and settled in the next batch. Idempotent by key. Errors: "
    "PLATFORM_NOT_CONFIGURED, INVALID_INPUT, IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(info: Info, input: PurchasePlatformPointsInput) -> PurchasePlatformPointsPayload:
    tenant_id = tenant_of(info)
    try:
        bought = await treasury.purchase_platform_points(
            tenant_id, input.amount, input.idempotency_key, actor_of(info)
        )
    except ExchangeError as error:
        return PurchasePlatformPointsPayload(user_errors=exchange_errors(error))
    return PurchasePlatformPointsPayload(
        journal_id=strawberry.ID(str(bought.journal_id)),
        cost=Money(amount=MinorUnits(bought.value_minor), currency=bought.fiat_currency),
        treasury=treasury_of(bought.treasury),
        replayed=bought.replayed,
    )
