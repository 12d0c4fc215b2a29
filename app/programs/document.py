"""The programme document: what `exportProgram` writes and `importProgram` reads.

Version 1, a JSON object: `format` ("pointsmall.program"), `version` (1), `exportedAt`, the
source `currency` (for the reader: a document is applied in the target's own currency), and the
sections `earningSettings`, `pointsPolicy`, `tierPolicy`, `tiers`, `earnRules`, `campaigns`,
`rewards`. No members, no points, no stock, no coupon codes, no ids: tiers are named by rank
(campaign audiences, reward tier prices and minimum tiers), everything else by its name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from app.catalog.models import Reward, RewardStatus
from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.earning.models import Campaign, EarningSettings, EarnRule, Status
from app.ledger.service import get_points_rules
from app.ledger.valuation import in_force, point_values
from app.tiers.models import Tier, TierPolicy

FORMAT = "pointsmall.program"
VERSION = 1


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def export_program(tenant_id: UUID) -> dict[str, Any]:
    """The tenant's programme as a document: live rules and campaigns, every tier, the
    rewards not archived."""
    policy = (await get_points_rules(tenant_id)).columns()
    found = await point_values(tenant_id)
    assert found is not None  # noqa: S101 - every merchant has its currency
    currency, values = found
    async with tenant_scope(tenant_id):
        settings = await EarningSettings.get(tenant_id=tenant_id)
        tier_policy = await TierPolicy.get()
        tiers = await Tier.all().order_by("rank")
        rules = await EarnRule.filter(status=Status.ACTIVE).order_by("id")
        campaigns = await Campaign.filter(status=Status.ACTIVE).order_by("id")
        rewards = await Reward.exclude(status=RewardStatus.ARCHIVED).order_by("id")
    rank = {str(tier.id): tier.rank for tier in tiers}
    return {
        "format": FORMAT,
        "version": VERSION,
        "exportedAt": utcnow().isoformat(),
        "currency": {
            "code": currency.code,
            "name": currency.name,
            "fiatCurrency": currency.fiat_currency,
            "pointsPerFiatUnit": in_force(values, utcnow()).points_per_unit,
        },
        "earningSettings": {
            "returnWindowDays": settings.return_window_days,
            "stacking": settings.stacking.value,
            "purchaseRules": settings.purchase_rules.value,
            "dailyPointsCap": settings.daily_points_cap,
            "clawbackPolicy": settings.clawback_policy.value,
        },
        "pointsPolicy": {
            "expiryKind": policy["expiry_kind"].value,
            "expiryDays": policy["expiry_days"],
            "expiryMonths": policy["expiry_months"],
            "clearingMonth": policy["clearing_month"],
            "clearingDay": policy["clearing_day"],
            "restoreRule": policy["restore_rule"].value,
            "memberTransfersEnabled": policy["member_transfers_enabled"],
            "memberTransferDailyCap": policy["member_transfer_daily_cap"],
            "reminderDays": policy["reminder_days"],
        },
        "tierPolicy": {
            "basis": tier_policy.basis.value,
            "window": tier_policy.window.value,
            "months": tier_policy.months,
            "graceDays": tier_policy.grace_days,
        },
        "tiers": [
            {
                "name": t.name,
                "rank": t.rank,
                "threshold": t.threshold,
                "earnMultiplier": t.earn_multiplier,
                "birthdayMultiplier": t.birthday_multiplier,
                "perks": list(t.perks),
            }
            for t in tiers
        ],
        "earnRules": [
            {
                "kind": r.kind.value,
                "name": r.name,
                "startsAt": iso(r.starts_at),
                "endsAt": iso(r.ends_at),
                "budgetPoints": r.budget_points,
                "config": r.config,
            }
            for r in rules
        ],
        "campaigns": [
            {
                "name": c.name,
                "kind": c.kind.value,
                "multiplier": c.multiplier,
                "bonusPoints": c.bonus_points,
                "categories": c.categories,
                "tags": c.tags,
                "tierRanks": sorted(rank[t] for t in c.tier_ids if t in rank),
                "startsAt": iso(c.starts_at),
                "endsAt": iso(c.ends_at),
                "budgetPoints": c.budget_points,
                "perMemberCap": c.per_member_cap,
                "minOrder": c.min_order,
            }
            for c in campaigns
        ],
        "rewards": [_reward(r, rank) for r in rewards],
    }


def _reward(reward: Reward, rank: dict[str, int]) -> dict[str, Any]:
    return {
        "name": reward.name,
        "type": reward.type.value,
        "description": reward.description,
        "pricePoints": reward.price_points,
        "priceCash": reward.price_cash,
        "perMemberLimit": reward.per_member_limit,
        "perMemberDailyLimit": reward.per_member_daily_limit,
        "maxPerOrder": reward.max_per_order,
        "availableFrom": iso(reward.available_from),
        "availableUntil": iso(reward.available_until),
        "minTierRank": rank.get(str(reward.min_tier_id)) if reward.min_tier_id else None,
        "categories": reward.categories,
        "tags": reward.tags,
        "imageUrls": reward.image_urls,
        "matchRatio": reward.match_ratio,
        "matchBudget": reward.match_budget,
        "tierPrices": {str(rank[t]): p for t, p in reward.tier_prices.items() if t in rank},
        "validDays": reward.valid_days,
    }
