"""GraphQL types of the reward catalog."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from app.catalog import models, service
from app.catalog.eligibility import Ineligible
from app.catalog.errors import CatalogError, CatalogErrorCode
from app.catalog.models import Reward as RewardModel
from app.catalog.models import RewardStatus, RewardType
from schema.errors import UserError, user_errors
from schema.ids import parse_id
from schema.scalars import MinorUnits, Points

CatalogErrorCodeEnum = strawberry.enum(
    CatalogErrorCode, name="CatalogErrorCode", description="Why a catalog mutation was refused."
)
RewardTypeEnum = strawberry.enum(
    RewardType,
    description="PHYSICAL (shipped), COUPON (a code from the pool), SERVICE (an experience or "
    "voucher), DONATION (points given to a cause).",
)
RewardStatusEnum = strawberry.enum(
    RewardStatus, description="DRAFT (hidden), ACTIVE (listed), ARCHIVED (gone)."
)
IneligibleEnum = strawberry.enum(
    Ineligible, name="RedeemBlocker", description="Why a member cannot redeem a reward now."
)


@strawberry.type(description="A refused catalog mutation: which field, why, and a message.")
class CatalogUserError(UserError):
    code: Annotated[CatalogErrorCode, CatalogErrorCodeEnum]


@strawberry.type(description="Something members can spend points on.")
class Reward:
    id: strawberry.ID
    name: str
    description: str
    type: Annotated[RewardType, RewardTypeEnum]
    price_points: Points
    price_cash: MinorUnits = strawberry.field(description="Cash part, in the fiat's minor units.")
    stock_available: Points = strawberry.field(description="Units left to redeem.")
    stock_total: Points
    per_member_limit: int | None
    per_member_daily_limit: int | None
    max_per_order: int
    available_from: datetime | None = strawberry.field(description="Redeemable from (flash sales).")
    available_until: datetime | None
    min_tier_id: strawberry.ID | None = strawberry.field(
        description="Exclusive to this tier and up."
    )
    categories: list[str]
    tags: list[str]
    image_urls: list[str]
    status: Annotated[RewardStatus, RewardStatusEnum]
    valid_days: int | None = strawberry.field(description="SERVICE: voucher validity in days.")
    plat_priced: bool = strawberry.field(description="Paid in platform points (PLAT).")
    match_ratio: str = strawberry.field(description="DONATION: merchant matching ratio.")
    match_budget: Points | None
    matched_points: Points = strawberry.field(description="DONATION: matching given so far.")
    tier_prices: JSON = strawberry.field(description="Tier id -> points price for that tier.")
    member_price_points: Points | None = strawberry.field(
        default=None, description="For a member caller: the price at their tier."
    )
    can_redeem: bool | None = strawberry.field(
        default=None, description="For a member caller: redeemable now (one unit)."
    )
    blocker: Annotated[Ineligible, IneligibleEnum] | None = strawberry.field(
        default=None, description="For a member caller: the first reason it is not."
    )

    @classmethod
    def from_model(
        cls,
        reward: models.Reward,
        blocker: Ineligible | None = None,
        member: bool = False,
        member_price: int | None = None,
    ) -> Reward:
        return cls(
            id=strawberry.ID(str(reward.id)),
            name=reward.name,
            description=reward.description,
            type=reward.type,
            price_points=Points(reward.price_points),
            price_cash=MinorUnits(reward.price_cash),
            stock_available=Points(reward.stock_available),
            stock_total=Points(reward.stock_total),
            per_member_limit=reward.per_member_limit,
            per_member_daily_limit=reward.per_member_daily_limit,
            max_per_order=reward.max_per_order,
            available_from=reward.available_from,
            available_until=reward.available_until,
            min_tier_id=strawberry.ID(str(reward.min_tier_id)) if reward.min_tier_id else None,
            categories=list(reward.categories),
            tags=list(reward.tags),
            image_urls=list(reward.image_urls),
            status=reward.status,
            valid_days=reward.valid_days,
            plat_priced=reward.plat_priced,
            match_ratio=reward.match_ratio,
            match_budget=None if reward.match_budget is None else Points(reward.match_budget),
            matched_points=Points(reward.matched_points),
            tier_prices=JSON(reward.tier_prices),
            member_price_points=None if member_price is None else Points(member_price),
            can_redeem=(blocker is None) if member else None,
            blocker=blocker,
        )


@strawberry.input
class TierPriceInput:
    tier_id: strawberry.ID
    price_points: Points


@strawberry.input
class RewardInput:
    name: str
    type: Annotated[RewardType, RewardTypeEnum]
    price_points: Points
    price_cash: MinorUnits = MinorUnits(0)
    stock: Points = strawberry.field(default=Points(0), description="Ignored for COUPON rewards.")
    description: str = ""
    per_member_limit: int | None = None
    per_member_daily_limit: int | None = None
    max_per_order: int = 1
    available_from: datetime | None = None
    available_until: datetime | None = None
    min_tier_id: strawberry.ID | None = None
    categories: list[str] = strawberry.field(default_factory=list)
    tags: list[str] = strawberry.field(default_factory=list)
    image_urls: list[str] = strawberry.field(default_factory=list)
    draft: bool = strawberry.field(default=False, description="Create (or keep) it hidden.")
    valid_days: int | None = strawberry.field(
        default=None, description="SERVICE: days a redeemed voucher stays valid."
    )
    plat_priced: bool = strawberry.field(
        default=False,
        description="Priced in platform points (PLAT): members pay from their platform wallet "
        "and the platform owes the merchant the value. Points only; not for donations.",
    )
    tier_prices: list[TierPriceInput] = strawberry.field(
        default_factory=list, description="Points prices for members of given tiers."
    )
    match_ratio: str = strawberry.field(
        default="0", description='DONATION: the merchant adds this x the points donated, e.g. "1".'
    )
    match_budget: Points | None = strawberry.field(
        default=None, description="DONATION: most points the merchant will add in all."
    )

    def to_spec(self) -> service.RewardSpec:
        return service.RewardSpec(
            name=self.name,
            type=self.type,
            price_points=self.price_points,
            price_cash=self.price_cash,
            stock=self.stock,
            description=self.description,
            per_member_limit=self.per_member_limit,
            per_member_daily_limit=self.per_member_daily_limit,
            max_per_order=self.max_per_order,
            available_from=self.available_from,
            available_until=self.available_until,
            min_tier_id=parse_id(self.min_tier_id) if self.min_tier_id else None,
            categories=self.categories,
            tags=self.tags,
            image_urls=self.image_urls,
            draft=self.draft,
            match_ratio=self.match_ratio,
            valid_days=self.valid_days,
            plat_priced=self.plat_priced,
            tier_prices={parse_id(p.tier_id): p.price_points for p in self.tier_prices},
            match_budget=self.match_budget,
        )


@strawberry.type
class RewardPayload:
    reward: Reward | None = None
    added: int = strawberry.field(default=0, description="addCouponCodes: new codes added.")
    codes: list[str] = strawberry.field(
        default_factory=list,
        description="addCouponCodes: the codes added, generated ones included, for the "
        "merchant's own till system.",
    )
    user_errors: list[CatalogUserError] = strawberry.field(default_factory=list)


def reward_payload(reward: RewardModel, added: list[str] | None = None) -> RewardPayload:
    codes = added or []
    return RewardPayload(reward=Reward.from_model(reward), added=len(codes), codes=codes)


def reward_refused(error: CatalogError) -> RewardPayload:
    return RewardPayload(user_errors=user_errors(error, CatalogUserError))
