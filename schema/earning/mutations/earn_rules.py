"""createEarnRule / updateEarnRule / archiveEarnRule: the merchant's earning rules."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import EarnRule as EarnRuleModel
from app.earning.models import EarnRuleKind
from app.earning.programme import (
    archive_rule,
    create_occasion_rule,
    create_purchase_rule,
    update_occasion_rule,
    update_purchase_rule,
)
from app.earning.specs import OccasionRuleSpec, PurchaseRuleSpec
from schema.context import Info
from schema.earning.types import EarningUserError, EarnRule, EarnRuleKindEnum
from schema.errors import Nested, user_errors
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


@strawberry.input(description="Any rule but a purchase rule; fill the fields its kind uses.")
class OccasionRuleInput:
    kind: Annotated[EarnRuleKind, EarnRuleKindEnum]
    name: str
    points: Points = strawberry.field(
        default=Points(0), description="SIGNUP, PROFILE_COMPLETION, BIRTHDAY, EVENT: points paid."
    )
    schedule: list[int] = strawberry.field(
        default_factory=list,
        description="CHECK_IN: points by streak day, e.g. [5,5,10,10,15,15,30].",
    )
    event_code: str | None = strawberry.field(default=None, description="EVENT: e.g. review.")
    whole_month: bool = strawberry.field(
        default=False, description="BIRTHDAY: pay any day of the birthday month, not just the day."
    )
    referrer_points: Points = strawberry.field(default=Points(0), description="REFERRAL")
    referee_points: Points = strawberry.field(default=Points(0), description="REFERRAL")
    daily_cap_per_member: Points | None = strawberry.field(
        default=None, description="Points one member may earn from this rule per day."
    )
    member_limit: int | None = strawberry.field(
        default=None, description="EVENT: how many times one member may earn it."
    )
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    budget_points: Points | None = None

    def to_spec(self) -> OccasionRuleSpec:
        return OccasionRuleSpec(
            kind=self.kind,
            name=self.name,
            points=self.points,
            schedule=self.schedule,
            event_code=self.event_code,
            whole_month=self.whole_month,
            referrer_points=self.referrer_points,
            referee_points=self.referee_points,
            daily_cap_per_member=self.daily_cap_per_member,
            member_limit=self.member_limit,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            budget_points=self.budget_points,
        )


@strawberry.input(description="Exactly one of `purchase` and `occasion`.")
class CreateEarnRuleInput:
    purchase: PurchaseRuleInput | None = None
    occasion: OccasionRuleInput | None = None


PURCHASE = Nested.of("purchase", PurchaseRuleInput)
OCCASION = Nested.of("occasion", OccasionRuleInput)


@strawberry.input(description="Exactly one of `purchase` and `occasion`, matching the rule.")
class UpdateEarnRuleInput:
    rule_id: strawberry.ID
    purchase: PurchaseRuleInput | None = None
    occasion: OccasionRuleInput | None = None


def _one_of(purchase: PurchaseRuleInput | None, occasion: OccasionRuleInput | None) -> None:
    if (purchase is None) == (occasion is None):
        raise EarningError(EarningErrorCode.INVALID_INPUT, "Give purchase or occasion.", "purchase")


@strawberry.input
class ArchiveEarnRuleInput:
    rule_id: strawberry.ID


@strawberry.type
class EarnRulePayload:
    rule: EarnRule | None = None
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


def _payload(rule: EarnRuleModel) -> EarnRulePayload:
    return EarnRulePayload(rule=EarnRule.from_model(rule))


def _refused(
    error: EarningError, input: CreateEarnRuleInput | UpdateEarnRuleInput
) -> EarnRulePayload:
    spec = PURCHASE if input.purchase is not None else OCCASION
    return EarnRulePayload(user_errors=user_errors(error, EarningUserError, spec))


async def create(info: Info, input: CreateEarnRuleInput) -> EarnRulePayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        _one_of(input.purchase, input.occasion)
        if input.purchase is not None:
            return _payload(await create_purchase_rule(tenant_id, input.purchase.to_spec()))
        assert input.occasion is not None  # noqa: S101 - _one_of checked
        return _payload(await create_occasion_rule(tenant_id, input.occasion.to_spec()))
    except EarningError as error:
        return _refused(error, input)


async def update(info: Info, input: UpdateEarnRuleInput) -> EarnRulePayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        _one_of(input.purchase, input.occasion)
        rule_id = parse_id(input.rule_id)
        if input.purchase is not None:
            return _payload(
                await update_purchase_rule(tenant_id, rule_id, input.purchase.to_spec())
            )
        assert input.occasion is not None  # noqa: S101 - _one_of checked
        return _payload(await update_occasion_rule(tenant_id, rule_id, input.occasion.to_spec()))
    except EarningError as error:
        return _refused(error, input)


async def archive(info: Info, input: ArchiveEarnRuleInput) -> EarnRulePayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        return _payload(await archive_rule(tenant_id, parse_id(input.rule_id)))
    except EarningError as error:
        return EarnRulePayload(user_errors=user_errors(error, EarningUserError))
