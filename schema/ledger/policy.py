"""The merchant's points policy: the type, and updatePointsPolicy."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.ledger.errors import LedgerError
from app.ledger.policy import ExpiryKind, ExpiryPolicy, PointsRules, RestoreRule
from app.ledger.service import get_points_rules, update_points_rules
from schema.context import Info
from schema.errors import user_errors
from schema.ledger.types import LedgerUserError
from schema.permissions import require_staff
from schema.scalars import Points
from tenants.roles import StaffRole

ExpiryKindEnum = strawberry.enum(
    ExpiryKind,
    description="NEVER; ROLLING_DAYS (N days after earning); MONTH_END (end of the month N "
    "months after earning); YEARLY_DATE (the next month/day clearing date, 积分每年清零); "
    "INACTIVITY (the whole balance after N days without earning or spending).",
)
RestoreRuleEnum = strawberry.enum(
    RestoreRule, description="Refunded points keep their ORIGINAL_EXPIRY or get a FRESH one."
)


# The expiry policy's parameters as this input names them.
INPUT_FIELDS = {
    "days": "expiryDays",
    "months": "expiryMonths",
    "month": "clearingMonth",
    "day": "clearingDay",
}


@strawberry.type(name="PointsPolicy", description="How the merchant's points expire and move.")
class PointsPolicyType:
    expiry_kind: Annotated[ExpiryKind, ExpiryKindEnum]
    expiry_days: int | None
    expiry_months: int | None
    clearing_month: int | None
    clearing_day: int | None
    restore_rule: Annotated[RestoreRule, RestoreRuleEnum]
    member_transfers_enabled: bool
    member_transfer_daily_cap: Points = strawberry.field(description="0: no cap.")
    reminder_days: list[int] = strawberry.field(
        description="Days before expiry when members are reminded (points.expiring)."
    )

    @classmethod
    def from_rules(cls, rules: PointsRules) -> PointsPolicyType:
        return cls(
            expiry_kind=rules.expiry.kind,
            expiry_days=rules.expiry.days,
            expiry_months=rules.expiry.months,
            clearing_month=rules.expiry.month,
            clearing_day=rules.expiry.day,
            restore_rule=rules.restore_rule,
            member_transfers_enabled=rules.member_transfers_enabled,
            member_transfer_daily_cap=Points(rules.member_transfer_daily_cap),
            reminder_days=list(rules.reminder_days),
        )


@strawberry.input
class UpdatePointsPolicyInput:
    expiry_kind: Annotated[ExpiryKind, ExpiryKindEnum]
    expiry_days: int | None = strawberry.field(default=None, description="ROLLING_DAYS, INACTIVITY")
    expiry_months: int | None = strawberry.field(default=None, description="MONTH_END")
    clearing_month: int | None = strawberry.field(default=None, description="YEARLY_DATE, 1-12")
    clearing_day: int | None = strawberry.field(default=None, description="YEARLY_DATE, 1-28")
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


async def update_points_policy(
    info: Info, input: UpdatePointsPolicyInput
) -> UpdatePointsPolicyPayload:
    actor = require_staff(info, StaffRole.ADMIN)
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
        saved = await update_points_rules(actor.tenant_id, rules)
    except LedgerError as error:
        error.field = INPUT_FIELDS.get(error.field or "", error.field)
        return UpdatePointsPolicyPayload(user_errors=user_errors(error, LedgerUserError))
    return UpdatePointsPolicyPayload(policy=PointsPolicyType.from_rules(saved))


@strawberry.type
class PointsPolicyQueries:
    @strawberry.field(description="The merchant's points policy. Staff (VIEWER+).")
    async def points_policy(self, info: Info) -> PointsPolicyType:
        tenant_id = require_staff(info).tenant_id
        return PointsPolicyType.from_rules(await get_points_rules(tenant_id))
