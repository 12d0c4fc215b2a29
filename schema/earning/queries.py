"""Earning queries: rules, campaigns, settings, purchases, and previewEarn."""

from __future__ import annotations

import strawberry

from app.core.clock import utcnow
from app.earning import programme, purchases
from app.earning.errors import EarningError
from schema.context import Info
from schema.earning.types import (
    Campaign,
    EarningSettings,
    EarningUserError,
    EarnLine,
    EarnRule,
    Purchase,
    PurchaseInput,
)
from schema.errors import user_errors
from schema.permissions import Access, query, tenant_of
from tenants.clock import zone_of
from tenants.roles import ApiScope, StaffRole


@strawberry.type(description="What a purchase would earn.")
class EarnPreview:
    lines: list[EarnLine] = strawberry.field(default_factory=list)
    total: int = 0
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


@strawberry.type
class EarningQueries:
    @query(
        Access(staff=StaffRole.VIEWER),
        "The merchant's earning rules.",
    )
    async def earn_rules(self, info: Info) -> list[EarnRule]:
        tenant_id = tenant_of(info)
        return [EarnRule.from_model(rule) for rule in await programme.list_rules(tenant_id)]

    @query(
        Access(staff=StaffRole.VIEWER),
        "The merchant's campaigns.",
    )
    async def campaigns(self, info: Info) -> list[Campaign]:
        tenant_id = tenant_of(info)
        return [Campaign.from_model(c) for c in await programme.list_campaigns(tenant_id)]

    @query(
        Access(staff=StaffRole.VIEWER),
        "Return window and stacking.",
    )
    async def earning_settings(self, info: Info) -> EarningSettings:
        tenant_id = tenant_of(info)
        settings = await programme.get_settings(tenant_id)
        return EarningSettings.from_model(settings, await zone_of(tenant_id))

    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.PURCHASES_WRITE),
        "A recorded purchase by order id.",
    )
    async def purchase(self, info: Info, order_id: str) -> Purchase | None:
        tenant_id = tenant_of(info)
        found = await purchases.get_purchase(tenant_id, order_id)
        return Purchase.from_model(found) if found else None

    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.PURCHASES_WRITE),
        "What recordPurchase would award for this input, line by line, moving nothing.",
    )
    async def preview_earn(self, info: Info, input: PurchaseInput) -> EarnPreview:
        tenant_id = tenant_of(info)
        try:
            breakdown = await purchases.preview_earn(tenant_id, input.to_request(utcnow()))
        except EarningError as error:
            return EarnPreview(user_errors=user_errors(error, EarningUserError))
        lines = [EarnLine.from_json(line) for line in breakdown.as_json()]
        return EarnPreview(lines=lines, total=breakdown.total)
