"""Earning queries: rules, campaigns, settings, purchases, and previewEarn."""

from __future__ import annotations

import strawberry

from app.core.clock import utcnow
from app.earning import programme, purchases
from app.earning.errors import EarningError
from schema.context import Info
from schema.earning.inputs import PurchaseInput
from schema.earning.types import (
    Campaign,
    EarningSettings,
    EarningUserError,
    EarnLine,
    EarnRule,
    Purchase,
)
from schema.errors import user_errors
from schema.permissions import require_merchant, require_staff
from tenants.roles import ApiScope, StaffRole


@strawberry.type(description="What a purchase would earn.")
class EarnPreview:
    lines: list[EarnLine] = strawberry.field(default_factory=list)
    total: int = 0
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


@strawberry.type
class EarningQueries:
    @strawberry.field(description="The merchant's earning rules. Staff (VIEWER+).")
    async def earn_rules(self, info: Info) -> list[EarnRule]:
        tenant_id = require_staff(info).tenant_id
        return [EarnRule.from_model(rule) for rule in await programme.list_rules(tenant_id)]

    @strawberry.field(description="The merchant's campaigns. Staff (VIEWER+).")
    async def campaigns(self, info: Info) -> list[Campaign]:
        tenant_id = require_staff(info).tenant_id
        return [Campaign.from_model(c) for c in await programme.list_campaigns(tenant_id)]

    @strawberry.field(description="Return window and stacking. Staff (VIEWER+).")
    async def earning_settings(self, info: Info) -> EarningSettings:
        tenant_id = require_staff(info).tenant_id
        return EarningSettings.from_model(await programme.get_settings(tenant_id))

    @strawberry.field(description="A recorded purchase by order id. Staff or PURCHASES_WRITE.")
    async def purchase(self, info: Info, order_id: str) -> Purchase | None:
        tenant_id = require_merchant(info, StaffRole.VIEWER, ApiScope.PURCHASES_WRITE)
        found = await purchases.get_purchase(tenant_id, order_id)
        return Purchase.from_model(found) if found else None

    @strawberry.field(
        description="What recordPurchase would award for this input, line by line, moving "
        "nothing. Staff or PURCHASES_WRITE."
    )
    async def preview_earn(self, info: Info, input: PurchaseInput) -> EarnPreview:
        tenant_id = require_merchant(info, StaffRole.VIEWER, ApiScope.PURCHASES_WRITE)
        try:
            breakdown = await purchases.preview_earn(tenant_id, input.to_request(utcnow()))
        except EarningError as error:
            return EarnPreview(user_errors=user_errors(error, EarningUserError))
        lines = [EarnLine.from_json(line) for line in breakdown.as_json()]
        return EarnPreview(lines=lines, total=breakdown.total)
