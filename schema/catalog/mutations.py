"""createReward, updateReward, archiveReward, adjustStock, addCouponCodes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.catalog import service
from app.catalog.errors import CatalogError
from app.catalog.models import Reward as RewardModel
from app.catalog.models import RewardType
from schema.catalog.types import CatalogUserError, Reward, RewardTypeEnum
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import require_staff
from schema.scalars import MinorUnits, Points
from tenants.roles import StaffRole


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


@strawberry.input
class UpdateRewardInput:
    reward_id: strawberry.ID
    reward: RewardInput


@strawberry.input
class RewardIdInput:
    reward_id: strawberry.ID


@strawberry.input
class AdjustStockInput:
    reward_id: strawberry.ID
    delta: int = strawberry.field(description="Units to add (negative to remove).")


@strawberry.input
class AddCouponCodesInput:
    reward_id: strawberry.ID
    codes: list[str] = strawberry.field(
        default_factory=list, description="Up to 10,000 codes; duplicates are skipped."
    )
    generate: int = strawberry.field(
        default=0, description="How many codes to generate as well (12 readable characters)."
    )
    prefix: str = strawberry.field(default="", description="Generated codes start with this.")


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


def _ok(reward: RewardModel, added: list[str] | None = None) -> RewardPayload:
    codes = added or []
    return RewardPayload(reward=Reward.from_model(reward), added=len(codes), codes=codes)


def _refused(error: CatalogError) -> RewardPayload:
    return RewardPayload(user_errors=user_errors(error, CatalogUserError))


async def create_reward(info: Info, input: RewardInput) -> RewardPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        return _ok(await service.create_reward(tenant_id, input.to_spec()))
    except CatalogError as error:
        return _refused(error)


async def update_reward(info: Info, input: UpdateRewardInput) -> RewardPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        return _ok(
            await service.update_reward(
                tenant_id, parse_id(input.reward_id), input.reward.to_spec()
            )
        )
    except CatalogError as error:
        return _refused(error)


async def archive_reward(info: Info, input: RewardIdInput) -> RewardPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        return _ok(await service.archive_reward(tenant_id, parse_id(input.reward_id)))
    except CatalogError as error:
        return _refused(error)


async def adjust_stock(info: Info, input: AdjustStockInput) -> RewardPayload:
    tenant_id = require_staff(info, StaffRole.STAFF).tenant_id
    try:
        return _ok(await service.adjust_stock(tenant_id, parse_id(input.reward_id), input.delta))
    except CatalogError as error:
        return _refused(error)


async def add_coupon_codes(info: Info, input: AddCouponCodesInput) -> RewardPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    reward_id = parse_id(input.reward_id)
    try:
        added = await service.add_coupon_codes(
            tenant_id, reward_id, input.codes, input.generate, input.prefix
        )
        reward = await service.get_reward(tenant_id, reward_id)
    except CatalogError as error:
        return _refused(error)
    assert reward is not None  # noqa: S101 - add_coupon_codes found it
    return _ok(reward, added)


@strawberry.type
class CatalogMutations:
    create_reward = strawberry.mutation(
        resolver=create_reward,
        description="Add a reward (ACTIVE unless `draft`). ADMIN or OWNER. Errors: INVALID_INPUT.",
    )
    update_reward = strawberry.mutation(
        resolver=update_reward,
        description="Replace a reward's details; stock changes go through adjustStock. ADMIN or "
        "OWNER. Errors: REWARD_NOT_FOUND, INVALID_INPUT.",
    )
    archive_reward = strawberry.mutation(
        resolver=archive_reward, description="Take a reward out of the mall. ADMIN or OWNER."
    )
    adjust_stock = strawberry.mutation(
        resolver=adjust_stock,
        description="Add or remove units. STAFF and up. Errors: STOCK_BELOW_ZERO, "
        "REWARD_NOT_FOUND.",
    )
    add_coupon_codes = strawberry.mutation(
        resolver=add_coupon_codes,
        description="Add the merchant's codes, or generate them, in a COUPON reward's pool; its "
        "stock grows with them. ADMIN or "
        "OWNER. Errors: NOT_A_COUPON, INVALID_INPUT.",
    )
