"""GraphQL types of earning: rules, campaigns, purchases and their breakdowns."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from app.earning import models
from app.earning.errors import EarningErrorCode
from app.earning.models import ClawbackPolicy, EarnRuleKind, PurchaseStatus, Status
from app.earning.rules import CampaignKind, Stacking
from schema.scalars import MinorUnits, Points

EarningErrorCodeEnum = strawberry.enum(
    EarningErrorCode, name="EarningErrorCode", description="Why an earning mutation was refused."
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
class EarningUserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    code: Annotated[EarningErrorCode, EarningErrorCodeEnum]
    message: str


@strawberry.type(description="An amount of money in minor units.")
class Money:
    amount: MinorUnits
    currency: str

    @classmethod
    def of(cls, amount: int, currency: str) -> Money:
        return cls(amount=MinorUnits(amount), currency=currency)


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
    time_zone: str
    daily_points_cap: Points | None
    clawback_policy: Annotated[ClawbackPolicy, ClawbackPolicyEnum]

    @classmethod
    def from_model(cls, row: models.EarningSettings) -> EarningSettings:
        cap = None if row.daily_points_cap is None else Points(row.daily_points_cap)
        return cls(
            return_window_days=row.return_window_days,
            stacking=row.stacking,
            time_zone=row.time_zone,
            daily_points_cap=cap,
            clawback_policy=row.clawback_policy,
        )
