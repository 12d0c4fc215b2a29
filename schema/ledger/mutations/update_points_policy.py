"""updatePointsPolicy: how the merchant's points expire and move."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.ledger.errors import LedgerError
from app.ledger.policy import ExpiryKind, ExpiryPolicy, PointsRules, RestoreRule
from app.ledger.service import update_points_rules
from schema.context import Info
from schema.errors import user_errors
from schema.ledger.types import ExpiryKindEnum, LedgerUserError, PointsPolicyType, RestoreRuleEnum
from schema.permissions import Access, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import StaffRole

# The expiry policy's parameters as this input names them.
INPUT_FIELDS = {
    "days": "expiryDays",
    "months": "expiryMonths",
    "month": "clearingMonth",
    "day": "clearingDay",
}


@strawberry.input
class UpdatePointsPolicyInput:
    expiry_kind: Annotated[ExpiryKind, ExpiryKindEnum]
    expiry_days: int | None = strawberry.field(default=None, description="ROLLING_DAYS, INACTIVITY")
    expiry_months: int | None = strawberry.field(default=None, description="MONTH_END")
    clearing_month: int | None = strawberry.field(default=None, description="YEARLY_DATE, 1-12")
    clearing_day: int | None = strawberry.field(
        default=None,
        description="YEARLY_DATE: the last day points are valid, 1 to the month's length (2-29 "
        "is 2-28 in other years); they expire at the merchant's midnight that ends it.",
    )
    restore_rule: Annotated[RestoreRule, RestoreRuleEnum] = RestoreRule.ORIGINAL_EXPIRY
    member_transfers_enabled: bool = False
    member_transfer_daily_cap: Points = Points(0)
    reminder_days: list[int] = strawberry.field(
        default_factory=lambda: [30, 7], description="Up to 5 stages of 1-3650 days."
    )


@strawberry.type
class UpdatePointsPolicyPayload:
    policy: PointsPolicyType | None = None
    user_errors: list[LedgerUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Set how points expire and whether members may transfer them. Applies to points earned "
    "from now on. Errors: INVALID_POLICY.",
)
async def resolve(info: Info, input: UpdatePointsPolicyInput) -> UpdatePointsPolicyPayload:
    tenant_id = tenant_of(info)
    expiry = ExpiryPolicy(
        input.expiry_kind,
        input.expiry_days,
        input.expiry_months,
        input.clearing_month,
        input.clearing_day,
    )
    rules = PointsRules(
        expiry,
        input.restore_rule,
        input.member_transfers_enabled,
        input.member_transfer_daily_cap,
        tuple(input.reminder_days),
    )
    try:
        saved = await update_points_rules(tenant_id, rules)
    except LedgerError as error:
        error.field = INPUT_FIELDS.get(error.field or "", error.field)
        return UpdatePointsPolicyPayload(user_errors=user_errors(error, LedgerUserError))
    return UpdatePointsPolicyPayload(policy=PointsPolicyType.from_rules(saved))
