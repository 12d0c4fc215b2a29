"""Catalog use cases: rewards, stock, coupon pools, and what a member can redeem."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any
from uuid import UUID

from tortoise.expressions import F, Q

from app.catalog.eligibility import Ineligible, Offer, Shopper, why_not
from app.catalog.errors import CatalogError, CatalogErrorCode
from app.catalog.models import Reward, RewardStatus, RewardType
from app.core.clock import utcnow
from app.core.codes import readable_code
from app.core.db import tenant_scope
from app.core.idempotency import UNKEYED, OptionalKey, created_once, once_if_keyed
from app.core.pagination import Page, PageRequest, fetch_page
from app.exchange.links import platform_wallet
from app.ledger.reads import wallet_of
from app.tiers.models import Tier
from app.tiers.service import tier_standing

MAX_CODES_PER_CALL = 10_000
MAX_POINTS = 2**53 - 1


@dataclass(frozen=True)
class RewardSpec:
    name: str
    type: RewardType
    price_points: int
    price_cash: int = 0
    stock: int = 0
    description: str = ""
    per_member_limit: int | None = None
    per_member_daily_limit: int | None = None
    max_per_order: int = 1
    available_from: datetime | None = None
    available_until: datetime | None = None
    min_tier_id: UUID | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image_urls: list[str] = field(default_factory=list)
    draft: bool = False
    match_ratio: str = "0"
    match_budget: int | None = None
    tier_prices: dict[UUID, int] = field(default_factory=dict)
    valid_days: int | None = None
    plat_priced: bool = False


@dataclass(frozen=True)
class RewardFilter:
    category: str | None = None
    tag: str | None = None
    search: str | None = None
    affordable: bool = False
    tier_id: UUID | None = None


@dataclass(frozen=True)
class Listing:
    reward: Reward
    reason: Ineligible | None
    price_points: int


def member_price(reward: Reward, tier_id: UUID) -> int:
    """The reward's points price for a member of `tier_id`."""
    return int(reward.tier_prices.get(str(tier_id), reward.price_points))


async def create_reward(tenant_id: UUID, spec: RewardSpec, keyed: OptionalKey = UNKEYED) -> Reward:
    """Add a reward; ACTIVE unless the spec says DRAFT. A COUPON reward's stock is its pool."""
    fields = reward_fields(spec)
    stock = 0 if spec.type is RewardType.COUPON else spec.stock
    status = RewardStatus.DRAFT if spec.draft else RewardStatus.ACTIVE

    async def create() -> Reward:
        async with tenant_scope(tenant_id):
            await _check_tiers(spec)
            return await Reward.create(
                tenant_id=tenant_id,
                stock_total=stock,
                stock_available=stock,
                status=status,
                **fields,
            )

    request = fields | {"stock": stock, "status": status}
    return await created_once(Reward, tenant_id, keyed, request, create, CatalogError)


async def update_reward(tenant_id: UUID, reward_id: UUID, spec: RewardSpec) -> Reward:
    """Replace a reward's details (stock changes go through `adjust_stock`)."""
    fields = reward_fields(spec)
    async with tenant_scope(tenant_id):
        await _check_tiers(spec)
        reward = await _locked(reward_id)
        if reward.type is not spec.type:
            raise CatalogError(
                CatalogErrorCode.INVALID_INPUT, "A reward's type cannot change.", "type"
            )
        reward.update_from_dict(fields)
        if reward.status is not RewardStatus.ARCHIVED:
            reward.status = RewardStatus.DRAFT if spec.draft else RewardStatus.ACTIVE
        await reward.save()
        return reward


async def archive_reward(tenant_id: UUID, reward_id: UUID) -> Reward:
    async with tenant_scope(tenant_id):
        reward = await _locked(reward_id)
        if reward.status is RewardStatus.ARCHIVED:
            raise CatalogError(CatalogErrorCode.ALREADY_IN_STATE, "Already archived.", "rewardId")
        reward.status = RewardStatus.ARCHIVED
        await reward.save(update_fields=["status", "updated_at"])
        return reward


async def adjust_stock(
    tenant_id: UUID, reward_id: UUID, delta: int, keyed: OptionalKey = UNKEYED
) -> Reward:
    """Add (or with a negative delta, remove) stock; never below what is left. Under a key,
    a retry changes nothing more and answers the reward as it is."""

    async def effect() -> dict[str, Any]:
        async with tenant_scope(tenant_id):
            reward = await _locked(reward_id)
            if reward.type is RewardType.COUPON:
                raise CatalogError(
                    CatalogErrorCode.INVALID_INPUT, "Add coupon codes instead.", "delta"
                )
            if delta == 0 or abs(delta) > MAX_POINTS or reward.stock_available + delta < 0:
                raise CatalogError(
                    CatalogErrorCode.STOCK_BELOW_ZERO,
                    f"Stock left is {reward.stock_available}; it cannot go below zero.",
                    "delta",
                )
            await Reward.filter(id=reward.id).update(
                stock_available=F("stock_available") + delta, stock_total=F("stock_total") + delta
            )
        return {}

    request = {"reward": str(reward_id), "delta": delta}
    await once_if_keyed(tenant_id, keyed, "adjust_stock", request, effect, CatalogError)
    async with tenant_scope(tenant_id):
        return await Reward.get(id=reward_id)


async def add_coupon_codes(
    tenant_id: UUID,
    reward_id: UUID,
    codes: list[str],
    generate: int = 0,
    prefix: str = "",
    keyed: OptionalKey = UNKEYED,
) -> list[str]:
    """Add the merchant's codes, and `generate` new ones starting with `prefix`, to a COUPON
    reward's pool; duplicates are skipped. Returns the codes that were new (under a key, a retry
    adds nothing and returns the first call's codes, generated ones included)."""
    if not 0 <= generate <= MAX_CODES_PER_CALL or len(prefix.strip()) > 32:
        raise CatalogError(
            CatalogErrorCode.INVALID_INPUT,
            "Generate 0-10,000 codes with a prefix of at most 32 characters.",
            "generate",
        )
    given = sorted({code.strip() for code in codes if code.strip()})
    if not 1 <= len(given) + generate <= MAX_CODES_PER_CALL or any(len(c) > 128 for c in given):
        raise CatalogError(
            CatalogErrorCode.INVALID_INPUT,
            "Give or generate 1-10,000 codes of at most 128 characters.",
            "codes",
        )

    async def effect() -> dict[str, Any]:
        made = [prefix.strip() + readable_code() for _ in range(generate)]
        async with tenant_scope(tenant_id) as connection:
            reward = await _locked(reward_id)
            if reward.type is not RewardType.COUPON:
                raise CatalogError(
                    CatalogErrorCode.NOT_A_COUPON, "Only COUPON rewards take codes.", "rewardId"
                )
            rows = await connection.execute_query_dict(
                "INSERT INTO coupon_code (id, tenant_id, reward_id, code)"
                " SELECT gen_random_uuid(), $1, $2, code FROM unnest($3::text[]) AS code"
                " ON CONFLICT DO NOTHING RETURNING code",
                [tenant_id, reward.id, sorted({*given, *made})],
            )
            added = len(rows)
            await Reward.filter(id=reward.id).update(
                stock_available=F("stock_available") + added, stock_total=F("stock_total") + added
            )
        return {"codes": sorted(row["code"] for row in rows)}

    request = {"reward": str(reward_id), "codes": given, "generate": generate, "prefix": prefix}
    answer = await once_if_keyed(
        tenant_id, keyed, "add_coupon_codes", request, effect, CatalogError
    )
    return list(answer["codes"])


async def reward_names(tenant_id: UUID, reward_ids: set[UUID]) -> dict[UUID, str]:
    """The names of the tenant's rewards among `reward_ids` (another tenant's are not found)."""
    async with tenant_scope(tenant_id):
        rows = await Reward.filter(id__in=reward_ids).values("id", "name")
    return {row["id"]: row["name"] for row in rows}


async def get_reward(tenant_id: UUID, reward_id: UUID) -> Reward | None:
    async with tenant_scope(tenant_id):
        return await Reward.get_or_none(id=reward_id)


async def list_rewards(
    tenant_id: UUID, only: RewardFilter, page: PageRequest, include_hidden: bool
) -> Page[Reward]:
    """Rewards oldest first; members see ACTIVE ones only (`include_hidden` is for staff)."""
    async with tenant_scope(tenant_id):
        return await fetch_page(await _query(only, include_hidden), page)


async def rewards_for_member(
    tenant_id: UUID, member_id: UUID, only: RewardFilter, page: PageRequest
) -> Page[Listing]:
    """Active rewards with whether this member can redeem one now, and why not (rewards priced
    in PLAT are weighed against the member's platform wallet)."""
    now = utcnow()
    available = (await wallet_of(tenant_id, member_id)).available
    async with tenant_scope(tenant_id):
        tier = (await tier_standing(member_id)).tier
        rank = tier.rank
        ranks = {tier.id: tier.rank for tier in await Tier.all()}
        query = await _query(only, include_hidden=False)
        rewards = await fetch_page(query, page)
    plat_available = 0
    if any(reward.plat_priced for reward in rewards.items):
        plat_wallet = await platform_wallet(tenant_id, member_id)
        plat_available = plat_wallet.available if plat_wallet else 0
    listings = []
    for reward in rewards.items:
        funds = plat_available if reward.plat_priced else available
        shopper = Shopper(funds, rank, redeemed=0, redeemed_today=0)
        price = member_price(reward, tier.id)
        listings.append(
            Listing(reward, why_not(_offer(reward, ranks, tier.id), shopper, now), price)
        )
    if only.affordable:
        # Priced per member (tier prices), so filtered after pricing; a page may come out short.
        listings = [
            listing
            for listing in listings
            if listing.price_points <= (plat_available if listing.reward.plat_priced else available)
        ]
    return rewards.holding(listings)


def _offer(reward: Reward, ranks: dict[UUID, int], tier_id: UUID) -> Offer:
    return Offer(
        active=reward.status is RewardStatus.ACTIVE,
        price_points=member_price(reward, tier_id),
        stock_available=reward.stock_available,
        available_from=reward.available_from,
        available_until=reward.available_until,
        min_tier_rank=ranks.get(reward.min_tier_id) if reward.min_tier_id else None,
        unlimited=reward.type is RewardType.DONATION,
    )


async def _query(only: RewardFilter, include_hidden: bool) -> Any:
    query = Reward.all() if include_hidden else Reward.filter(status=RewardStatus.ACTIVE)
    if only.category:
        query = query.filter(categories__contains=[only.category])
    if only.tag:
        query = query.filter(tags__contains=[only.tag])
    if only.tier_id is not None:
        tier = await Tier.get_or_none(id=only.tier_id)
        rank = tier.rank if tier else -1
        open_to = Tier.filter(rank__lte=rank).values_list("id", flat=True)
        query = query.filter(Q(min_tier_id__isnull=True) | Q(min_tier_id__in=await open_to))
    term = (only.search or "").strip()[:100]
    if term:
        query = query.filter(Q(name__icontains=term) | Q(description__icontains=term))
    return query


async def _locked(reward_id: UUID) -> Reward:
    reward = await Reward.select_for_update().get_or_none(id=reward_id)
    if reward is None:
        raise CatalogError(CatalogErrorCode.REWARD_NOT_FOUND, "No such reward.", "rewardId")
    return reward


async def _check_tiers(spec: RewardSpec) -> None:
    """The tiers a reward names are the tenant's own."""
    if spec.min_tier_id is not None and not await Tier.exists(id=spec.min_tier_id):
        raise CatalogError(CatalogErrorCode.INVALID_INPUT, "No such tier.", "minTierId")
    named = set(spec.tier_prices)
    if named and await Tier.filter(id__in=named).count() != len(named):
        raise CatalogError(CatalogErrorCode.INVALID_INPUT, "No such tier.", "tierPrices")


def reward_fields(spec: RewardSpec) -> dict[str, Any]:
    name = spec.name.strip()
    window_ok = (
        spec.available_from is None
        or spec.available_until is None
        or spec.available_until > spec.available_from
    )
    limits_ok = all(
        limit is None or limit > 0 for limit in (spec.per_member_limit, spec.per_member_daily_limit)
    )
    images_ok = all(url.startswith(("https://", "http://")) for url in spec.image_urls)
    tier_prices_ok = all(0 <= price <= MAX_POINTS for price in spec.tier_prices.values())
    checks = [
        (1 <= len(name) <= 200, "name", "Name must be 1-200 characters."),
        (0 <= spec.price_points <= MAX_POINTS, "pricePoints", "Price must be 0 or more."),
        (0 <= spec.price_cash <= MAX_POINTS, "priceCash", "Cash price must be 0 or more."),
        (spec.price_points + spec.price_cash > 0, "pricePoints", "A reward needs a price."),
        (0 <= spec.stock <= MAX_POINTS, "stock", "Stock must be 0 or more."),
        (1 <= spec.max_per_order <= 1000, "maxPerOrder", "maxPerOrder must be 1-1000."),
        (limits_ok, "perMemberLimit", "Limits must be positive."),
        (window_ok, "availableUntil", "availableUntil must be after availableFrom."),
        (len(spec.description) <= 5000, "description", "At most 5000 characters."),
        (images_ok, "imageUrls", "Images are http(s) URLs."),
        (tier_prices_ok, "tierPrices", "Tier prices must be 0 or more."),
        (spec.valid_days is None or 1 <= spec.valid_days <= 3660, "validDays", "Use 1-3660 days."),
        (
            not spec.plat_priced or (spec.price_cash == 0 and spec.type is not RewardType.DONATION),
            "platPriced",
            "Rewards priced in platform points take no cash and are not donations.",
        ),
    ]
    for ok, field_name, message in checks:
        if not ok:
            raise CatalogError(CatalogErrorCode.INVALID_INPUT, message, field_name)
    return {
        "name": name,
        "type": spec.type,
        "description": spec.description,
        "price_points": spec.price_points,
        "price_cash": spec.price_cash,
        "per_member_limit": spec.per_member_limit,
        "per_member_daily_limit": spec.per_member_daily_limit,
        "max_per_order": spec.max_per_order,
        "available_from": spec.available_from,
        "available_until": spec.available_until,
        "min_tier_id": spec.min_tier_id,
        "categories": sorted(set(spec.categories)),
        "tags": sorted(set(spec.tags)),
        "image_urls": spec.image_urls[:20],
        "match_ratio": _ratio(spec.match_ratio),
        "tier_prices": {str(tier): price for tier, price in spec.tier_prices.items()},
        "match_budget": spec.match_budget,
        "valid_days": spec.valid_days,
        "plat_priced": spec.plat_priced,
    }


def _ratio(value: str) -> str:
    """A matching ratio as an exact decimal string, 0 to 10."""
    try:
        ratio = Fraction(value.strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise CatalogError(
            CatalogErrorCode.INVALID_INPUT, "Use a decimal like 0.5.", "matchRatio"
        ) from exc
    if not 0 <= ratio <= 10:
        raise CatalogError(CatalogErrorCode.INVALID_INPUT, "Use 0 to 10.", "matchRatio")
    return value.strip()
