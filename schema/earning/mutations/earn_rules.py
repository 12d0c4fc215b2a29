"""createEarnRule / updateEarnRule / archiveEarnRule: the merchant's purchase rules."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import EarnRule as EarnRuleModel
from app.earning.service import (
    PurchaseRuleSpec,
    archive_rule,
    create_purchase_rule,
    update_purchase_rule,
)
from schema.context import Info
from schema.earning.types import EarningUserError, EarnRule
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import require_staff
from schema.scalars import MinorUnits, Points
from tenants.roles import StaffRole


@strawberry.input(description="A purchase rule. Ratios are exact decimal strings, never floats.")
class PurchaseRuleInput:
    name: str
    points_per_unit: str = strawberry.field(
        default="1", description='Points per whole unit of the merchant\'s fiat currency, e.g. "1".'
    )
    min_order: MinorUnits = strawberry.field(
        default=MinorUnits(0), description="Minimum order amount."
    )
    category_multipliers: JSON | None = strawberry.field(
        default=None, description='{"food": "2"}: twice the points on that category.'
    )
    tag_multipliers: JSON | None = strawberry.field(default=None, description='{"new": "1.5"}')
    excluded_categories: list[str] = strawberry.field(default_factory=list)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    budget_points: Points | None = strawberry.field(
        default=None, description="Total points the rule may give; none when unset."
    )

    def to_spec(self) -> PurchaseRuleSpec:
        return PurchaseRuleSpec(
            name=self.name,
            points_per_unit=self.points_per_unit,
            min_order=self.min_order,
            category_multipliers=_ratios(self.category_multipliers, "categoryMultipliers"),
            tag_multipliers=_ratios(self.tag_multipliers, "tagMultipliers"),
            excluded_categories=self.excluded_categories,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            budget_points=self.budget_points,
        )


def _ratios(value: object, field: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "Use an object of decimal strings.", field
        )
    return {str(key): str(ratio) for key, ratio in value.items()}


@strawberry.input
class CreateEarnRuleInput:
    purchase: PurchaseRuleInput


@strawberry.input
class UpdateEarnRuleInput:
    rule_id: strawberry.ID
    purchase: PurchaseRuleInput


@strawberry.input
class ArchiveEarnRuleInput:
    rule_id: strawberry.ID


@strawberry.type
class EarnRulePayload:
    rule: EarnRule | None = None
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


def _payload(rule: EarnRuleModel) -> EarnRulePayload:
    return EarnRulePayload(rule=EarnRule.from_model(rule))


async def create(info: Info, input: CreateEarnRuleInput) -> EarnRulePayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        return _payload(await create_purchase_rule(tenant_id, input.purchase.to_spec()))
    except EarningError as error:
        return EarnRulePayload(user_errors=user_errors(error, EarningUserError))


async def update(info: Info, input: UpdateEarnRuleInput) -> EarnRulePayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        spec = input.purchase.to_spec()
        return _payload(await update_purchase_rule(tenant_id, parse_id(input.rule_id), spec))
    except EarningError as error:
        return EarnRulePayload(user_errors=user_errors(error, EarningUserError))


async def archive(info: Info, input: ArchiveEarnRuleInput) -> EarnRulePayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        return _payload(await archive_rule(tenant_id, parse_id(input.rule_id)))
    except EarningError as error:
        return EarnRulePayload(user_errors=user_errors(error, EarningUserError))
