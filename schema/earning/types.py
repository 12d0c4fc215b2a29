"""GraphQL types of earning: rules, campaigns, purchases and their breakdowns."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import strawberry
from strawberry.scalars import JSON

from app.earning import models, rules
from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import Campaign as CampaignModel
from app.earning.models import ClawbackPolicy, EarnRuleKind, PurchaseStatus, Status
from app.earning.models import EarnRule as EarnRuleModel
from app.earning.pricing import PurchaseRequest
from app.earning.rules import CampaignKind, RuleCombination, Stacking
from app.earning.specs import CampaignSpec, OccasionRuleSpec, PurchaseRuleSpec
from schema.errors import Nested, UserError, user_errors
from schema.ids import parse_id
from schema.money import Money, MoneyInput
from schema.scalars import MinorUnits, Points

EarningErrorCodeEnum = strawberry.enum(
    EarningErrorCode, name="EarningErrorCode", description="Why an earning mutation was refused."
)
RuleCombinationEnum = strawberry.enum(
    RuleCombination,
    name="PurchaseRuleCombination",
    description="How purchase rules live at the same time combine.",
)
StackingEnum = strawberry.enum(
    Stacking,
    name="CampaignStacking",
    description="MULTIPLY compounds campaigns (x2 and x2 = x4), ADD sums their extra parts "
    "(x2 and x2 = x3), BEST_OF keeps the one worth most.",
)
CampaignKindEnum = strawberry.enum(CampaignKind, description="A multiplier or a fixed bonus.")
EarnRuleKindEnum = strawberry.enum(EarnRuleKind, description="What a rule pays for.")
ClawbackPolicyEnum = strawberry.enum(
    ClawbackPolicy, description="What happens to refunded points the member already spent."
)
StatusEnum = strawberry.enum(Status, name="EarnStatus", description="ACTIVE or ARCHIVED.")
PurchaseStatusEnum = strawberry.enum(
    PurchaseStatus,
    description="PENDING: points promised, the return window is open; RELEASED: spendable; "
    "REFUNDED: the whole order was refunded.",
)


@strawberry.type(description="A refused earning mutation: which field, why, and a message.")
class EarningUserError(UserError):
    code: Annotated[EarningErrorCode, EarningErrorCodeEnum]


@strawberry.type(description="Points from one rule or campaign.")
class EarnLine:
    source: str = strawberry.field(description="RULE or CAMPAIGN.")
    source_id: strawberry.ID
    label: str
    points: Points

    @classmethod
    def from_json(cls, line: dict[str, Any]) -> EarnLine:
        return cls(
            source=str(line["source"]),
            source_id=strawberry.ID(str(line["source_id"])),
            label=str(line["label"]),
            points=Points(int(line["points"])),
        )


@strawberry.type(description="A purchase the merchant reported and the points it earned.")
class Purchase:
    id: strawberry.ID
    order_id: str
    member_id: strawberry.ID
    amount: Money
    occurred_at: datetime
    points: Points = strawberry.field(description="Points earned, before refunds.")
    breakdown: list[EarnLine] = strawberry.field(description="Why: one line per rule or campaign.")
    status: Annotated[PurchaseStatus, PurchaseStatusEnum]
    release_at: datetime = strawberry.field(description="When pending points become spendable.")
    refunded_amount: MinorUnits
    refunded_points: Points

    @classmethod
    def from_model(cls, row: models.PurchaseRecord) -> Purchase:
        return cls(
            id=strawberry.ID(str(row.id)),
            order_id=row.order_id,
            member_id=strawberry.ID(str(row.member_id)),
            amount=Money(amount=MinorUnits(row.amount), currency=row.currency),
            occurred_at=row.occurred_at,
            points=Points(row.points),
            breakdown=[EarnLine.from_json(line) for line in row.breakdown],
            status=row.status,
            release_at=row.release_at,
            refunded_amount=MinorUnits(row.refunded_amount),
            refunded_points=Points(row.refunded_points),
        )


@strawberry.type(description="An earning rule.")
class EarnRule:
    id: strawberry.ID
    kind: Annotated[EarnRuleKind, EarnRuleKindEnum]
    name: str
    status: Annotated[Status, StatusEnum]
    starts_at: datetime | None
    ends_at: datetime | None
    config: JSON = strawberry.field(
        description="The kind's settings: for PURCHASE points_per_unit (per whole fiat unit), "
        "min_order (minor units), category_multipliers, tag_multipliers, excluded_categories; "
        "for others points, schedule, code, whole_month, referrer_points, referee_points, "
        "daily_cap_per_member, member_limit."
    )
    budget_points: Points | None
    awarded_points: Points = strawberry.field(
        description="Points given against the budget; counted only while a budget is set."
    )

    @classmethod
    def from_model(cls, row: models.EarnRule) -> EarnRule:
        return cls(
            id=strawberry.ID(str(row.id)),
            kind=row.kind,
            name=row.name,
            status=row.status,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            config=JSON(row.config),
            budget_points=None if row.budget_points is None else Points(row.budget_points),
            awarded_points=Points(row.awarded_points),
        )


@strawberry.type(description="A time-boxed multiplier or bonus.")
class Campaign:
    id: strawberry.ID
    name: str
    kind: Annotated[CampaignKind, CampaignKindEnum]
    multiplier: str = strawberry.field(description='Exact decimal, e.g. "2" or "1.5".')
    bonus_points: Points
    categories: list[str]
    tags: list[str]
    tier_ids: list[strawberry.ID]
    starts_at: datetime
    ends_at: datetime
    budget_points: Points | None
    per_member_cap: Points | None
    min_order: MinorUnits = strawberry.field(description="Only orders of at least this amount.")
    awarded_points: Points = strawberry.field(
        description="Points given against the budget; counted only while a budget is set."
    )
    status: Annotated[Status, StatusEnum]

    @classmethod
    def from_model(cls, row: models.Campaign) -> Campaign:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            kind=row.kind,
            multiplier=row.multiplier,
            bonus_points=Points(row.bonus_points),
            categories=list(row.categories),
            tags=list(row.tags),
            tier_ids=[strawberry.ID(tier) for tier in row.tier_ids],
            per_member_cap=None if row.per_member_cap is None else Points(row.per_member_cap),
            min_order=MinorUnits(row.min_order),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            budget_points=None if row.budget_points is None else Points(row.budget_points),
            awarded_points=Points(row.awarded_points),
            status=row.status,
        )


@strawberry.type(description="The merchant's earning settings.")
class EarningSettings:
    return_window_days: int
    stacking: Annotated[Stacking, StackingEnum]
    time_zone: str = strawberry.field(
        description="The merchant's time zone (the same as Tenant.timeZone).",
        deprecation_reason="The time zone is the merchant's: read Tenant.timeZone.",
    )
    daily_points_cap: Points | None
    clawback_policy: Annotated[ClawbackPolicy, ClawbackPolicyEnum]
    purchase_rules: Annotated[RuleCombination, RuleCombinationEnum]

    @classmethod
    def from_model(cls, row: models.EarningSettings, zone: ZoneInfo) -> EarningSettings:
        cap = None if row.daily_points_cap is None else Points(row.daily_points_cap)
        return cls(
            return_window_days=row.return_window_days,
            stacking=row.stacking,
            time_zone=str(zone),
            daily_points_cap=cap,
            clawback_policy=row.clawback_policy,
            purchase_rules=row.purchase_rules,
        )


@strawberry.input(description='A multiplier ("2" doubles points) or a fixed bonus, for a time.')
class CampaignInput:
    name: str
    kind: Annotated[CampaignKind, CampaignKindEnum]
    starts_at: datetime
    ends_at: datetime
    multiplier: str = strawberry.field(default="1", description="MULTIPLIER: an exact decimal > 1.")
    bonus_points: Points = strawberry.field(
        default=Points(0), description="BONUS: points per purchase."
    )
    categories: list[str] = strawberry.field(
        default_factory=list, description="Only these categories."
    )
    tags: list[str] = strawberry.field(
        default_factory=list, description="Only items with these tags."
    )
    tier_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Only members in these tiers."
    )
    budget_points: Points | None = strawberry.field(
        default=None, description="Total points it may give."
    )
    per_member_cap: Points | None = strawberry.field(
        default=None, description="Points it may give one member over its life."
    )
    min_order: MinorUnits = strawberry.field(
        default=MinorUnits(0),
        description="Only orders of at least this amount (minor units): 满额送, e.g. a BONUS of "
        "50 for orders from 15000 (150 CNY). 0: every order.",
    )

    def to_spec(self) -> CampaignSpec:
        return CampaignSpec(
            name=self.name,
            kind=self.kind,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            multiplier=self.multiplier,
            bonus_points=self.bonus_points,
            categories=self.categories,
            tags=self.tags,
            tier_ids=[parse_id(tier) for tier in self.tier_ids],
            budget_points=self.budget_points,
            per_member_cap=self.per_member_cap,
            min_order=self.min_order,
        )


@strawberry.type
class CampaignPayload:
    campaign: Campaign | None = None
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


def campaign_payload(campaign: CampaignModel) -> CampaignPayload:
    return CampaignPayload(campaign=Campaign.from_model(campaign))


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
            category_multipliers=decimal_ratios(self.category_multipliers, "categoryMultipliers"),
            tag_multipliers=decimal_ratios(self.tag_multipliers, "tagMultipliers"),
            excluded_categories=self.excluded_categories,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            budget_points=self.budget_points,
        )


def decimal_ratios(value: object, field: str) -> dict[str, str]:
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
        """The spec of the same fields (the input mirrors OccasionRuleSpec name for name)."""
        return OccasionRuleSpec(**{f.name: getattr(self, f.name) for f in dataclasses.fields(self)})


PURCHASE = Nested.of("purchase", PurchaseRuleInput)
OCCASION = Nested.of("occasion", OccasionRuleInput)


def one_rule_spec(purchase: PurchaseRuleInput | None, occasion: OccasionRuleInput | None) -> None:
    if (purchase is None) == (occasion is None):
        raise EarningError(EarningErrorCode.INVALID_INPUT, "Give purchase or occasion.", "purchase")


@strawberry.type
class EarnRulePayload:
    rule: EarnRule | None = None
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


def rule_payload(rule: EarnRuleModel) -> EarnRulePayload:
    return EarnRulePayload(rule=EarnRule.from_model(rule))


def rule_refused(error: EarningError, purchase: PurchaseRuleInput | None) -> EarnRulePayload:
    """A rule mutation's refusal, its field the path into `purchase` or `occasion`."""
    spec = PURCHASE if purchase is not None else OCCASION
    return EarnRulePayload(user_errors=user_errors(error, EarningUserError, spec))


@strawberry.type
class EarnedPayload:
    points: Points = strawberry.field(default=Points(0), description="Points earned (0 if capped).")
    streak: int = strawberry.field(
        default=0, description="CHECK_IN: days in a row, today included."
    )
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


@strawberry.input
class PurchaseItemInput:
    sku: str
    category: str | None = None
    tags: list[str] = strawberry.field(default_factory=list)
    unit_price: MinorUnits = strawberry.field(description="Minor units, in the order's currency.")
    quantity: int = 1


@strawberry.input(description="Name the member by `memberId` or by `externalMemberId`.")
class PurchaseInput:
    order_id: str = strawberry.field(
        description="The merchant's order id; recording is idempotent by it."
    )
    amount: MoneyInput = strawberry.field(description="What the customer paid, after discounts.")
    member_id: strawberry.ID | None = None
    external_member_id: str | None = None
    items: list[PurchaseItemInput] = strawberry.field(default_factory=list)
    occurred_at: datetime | None = strawberry.field(default=None, description="Defaults to now.")

    def to_request(self, now: datetime) -> PurchaseRequest:
        return PurchaseRequest(
            member_id=parse_id(self.member_id) if self.member_id is not None else None,
            external_member_id=self.external_member_id,
            order_id=self.order_id.strip(),
            amount=self.amount.amount,
            currency=self.amount.currency.strip().upper(),
            items=tuple(
                rules.Item(i.sku, i.category, frozenset(i.tags), i.unit_price, i.quantity)
                for i in self.items
            ),
            occurred_at=self.occurred_at or now,
        )
