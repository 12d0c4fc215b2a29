"""Rewards to show a member: what members of the same tier redeem, that this member can
redeem now (ranked by the pure `recommend`)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from app.analytics.errors import AnalyticsError, AnalyticsErrorCode
from app.analytics.figures import within_period
from app.analytics.recommend import Candidate, Recommendation, recommend
from app.catalog.eligibility import Ineligible
from app.catalog.models import Reward
from app.catalog.service import Listing, RewardFilter, rewards_for_member
from app.core.db import tenant_scope
from app.core.pagination import PageRequest
from app.ledger.reads import wallet_of
from app.members.service import get_member
from app.redemption.redeem import limits_reached
from app.tiers.service import tier_standing

POPULAR_DAYS = 90


MAX_RECOMMENDATIONS = 50


MAX_CATALOG_PAGES = 10


@dataclass(frozen=True)
class Recommended:
    reward: Reward
    recommendation: Recommendation


async def recommended_rewards(tenant_id: UUID, member_id: UUID, first: int) -> list[Recommended]:
    """Rewards this member can afford or nearly afford, ranked by what members of their tier
    redeemed in the last 90 days (see app/analytics/recommend.py)."""
    within_period(first, MAX_RECOMMENDATIONS, "first")
    if await get_member(tenant_id, member_id=member_id) is None:
        raise AnalyticsError(AnalyticsErrorCode.MEMBER_NOT_FOUND, "No such member.", "memberId")
    funds = (await wallet_of(tenant_id, member_id)).available
    listings = await _open_listings(tenant_id, member_id)
    reached = await limits_reached(tenant_id, member_id, [item.reward for item in listings])
    listings = [item for item in listings if item.reward.id not in reached]
    popular = await _tier_popularity(tenant_id, member_id)
    candidates = [
        Candidate(item.reward.id, item.price_points, popular.get(item.reward.id, 0))
        for item in listings
    ]
    rewards = {item.reward.id: item.reward for item in listings}
    return [Recommended(rewards[r.reward_id], r) for r in recommend(candidates, funds, first)]


async def _open_listings(tenant_id: UUID, member_id: UUID) -> list[Listing]:
    """Active rewards priced in the tenant's points that only points stand between the member
    and (PLAT-priced rewards are left out: they weigh another wallet)."""
    listings: list[Listing] = []
    page = PageRequest(first=100)
    for _ in range(MAX_CATALOG_PAGES):
        found = await rewards_for_member(tenant_id, member_id, RewardFilter(), page)
        listings += found.items
        if not found.has_next_page:
            break
        page = PageRequest(first=100, after=found.items[-1].reward.id)
    return [
        item
        for item in listings
        if not item.reward.plat_priced and item.reason in (None, Ineligible.INSUFFICIENT_POINTS)
    ]


async def _tier_popularity(tenant_id: UUID, member_id: UUID) -> dict[UUID, int]:
    """Orders per reward placed by members of this member's tier (at the time) lately."""
    async with tenant_scope(tenant_id) as connection:
        tier = (await tier_standing(member_id)).tier.id
        rows = await connection.execute_query_dict(
            "SELECT dim, sum(count)::bigint AS n FROM analytics_rollup WHERE tenant_id = $1"
            " AND metric = 'tier:' || $2 AND hour >= now() - make_interval(days => $3)"
            " GROUP BY dim",
            [tenant_id, str(tier), POPULAR_DAYS],
        )
    return {UUID(row["dim"]): row["n"] for row in rows}
