"""What a purchase earns: the tenant's purchase rules and live campaigns priced against the
order, with campaign budgets and per-member room, as pure `rules` inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from math import floor
from typing import TypeVar
from uuid import UUID

from tortoise.expressions import F

from app.core.money import minor_units_per_unit
from app.earning import rules
from app.earning.config import EarningConfig
from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import (
    Campaign,
    EarnRule,
    PurchaseRecord,
)
from app.ledger.models import Currency
from app.members.models import Member
from app.tiers.models import Basis
from app.tiers.service import tier_standing

Budgeted = TypeVar("Budgeted", EarnRule, Campaign)


_fiat_by_tenant: dict[UUID, str] = {}


@dataclass(frozen=True)
class PurchaseRequest:
    member_id: UUID | None
    external_member_id: str | None
    order_id: str
    amount: int
    currency: str
    items: tuple[rules.Item, ...]
    occurred_at: datetime


@dataclass(frozen=True)
class Priced:
    breakdown: rules.Breakdown
    budgeted: frozenset[UUID]
    tier_basis: Basis


async def price_purchase(
    tenant_id: UUID,
    request: PurchaseRequest,
    member: Member,
    config: EarningConfig,
    lock: bool,
) -> Priced:
    fiat = await _fiat_currency(tenant_id)
    if request.currency != fiat:
        raise EarningError(
            EarningErrorCode.WRONG_CURRENCY,
            f"This merchant's purchases are in {fiat}.",
            "amount.currency",
        )
    at = request.occurred_at
    rows = [r for r in config.purchase_rules if _in_window(r.starts_at, r.ends_at, at)]
    campaign_rows = [c for c in config.campaigns if c.starts_at <= at < c.ends_at]
    # Budgets are spent by concurrent purchases: budgeted rows are read afresh (under a lock,
    # rules then campaigns, each in id order, when recording); the others come from the cache.
    rows = [await _fresh_if_budgeted(EarnRule, row, lock) for row in rows]
    campaign_rows = [await _fresh_if_budgeted(Campaign, row, lock) for row in campaign_rows]
    campaigns = [_campaign(c, await _member_room(member.id, c)) for c in campaign_rows]
    budgeted = frozenset(
        [r.id for r in rows if r.budget_points is not None]
        + [c.id for c in campaign_rows if c.budget_points is not None]
    )
    minor = minor_units_per_unit(fiat)
    purchase = rules.Purchase(request.amount, request.items, at)
    standing = await tier_standing(member.id)
    stacking, tier_id = config.settings.stacking, standing.tier.id
    priced = [_purchase_rule(row, minor) for row in rows]
    if config.settings.purchase_rules is rules.RuleCombination.BEST and len(priced) > 1:
        # The rule earning most on its own (the first of equals); campaigns then apply to it.
        alone = [rules.purchase_breakdown(purchase, r, [], stacking, tier_id) for r in priced]
        priced = [max(zip(priced, alone, strict=True), key=lambda pair: pair[1].total)[0]]
    lines: list[rules.Line] = []
    for rule in priced:
        lines += rules.purchase_breakdown(
            purchase, rule, campaigns if not lines else [], stacking, tier_id
        ).lines
    base = sum(line.points for line in lines if line.source == "RULE")
    extra = floor(base * (standing.multiplier - 1))
    if extra > 0:
        tier = standing.tier
        lines.append(rules.Line(tier.id, "TIER", f"{tier.name} x{tier.earn_multiplier}", extra))
    return Priced(rules.Breakdown(tuple(lines)), budgeted, standing.basis)


async def _fiat_currency(tenant_id: UUID) -> str:
    """The tenant's fiat currency, which never changes once the tenant exists."""
    fiat = _fiat_by_tenant.get(tenant_id)
    if fiat is None:
        fiat = (await Currency.get(tenant_id=tenant_id)).fiat_currency
        _fiat_by_tenant[tenant_id] = fiat
    return fiat


async def _fresh_if_budgeted(model: type[Budgeted], row: Budgeted, lock: bool) -> Budgeted:
    if row.budget_points is None:
        return row
    return await (model.select_for_update() if lock else model).get(id=row.id)


async def spend_budgets(breakdown: rules.Breakdown, budgeted: frozenset[UUID]) -> None:
    """Count points against budgets. Only budgeted rows are counted: a counter on every rule
    would make each rule's row a lock all purchases queue on."""
    for line in breakdown.lines:
        if line.source_id not in budgeted:
            continue
        model = EarnRule if line.source == "RULE" else Campaign
        await model.filter(id=line.source_id).update(
            awarded_points=F("awarded_points") + line.points
        )


def _purchase_rule(row: EarnRule, minor_per_unit: int) -> rules.PurchaseRule:
    config = row.config
    remaining = None if row.budget_points is None else row.budget_points - row.awarded_points
    return rules.PurchaseRule(
        id=row.id,
        name=row.name,
        points_per_unit=Fraction(config.get("points_per_unit", "1")),
        minor_per_unit=minor_per_unit,
        min_order=int(config.get("min_order", 0)),
        category_multipliers={
            k: Fraction(v) for k, v in config.get("category_multipliers", {}).items()
        },
        tag_multipliers={k: Fraction(v) for k, v in config.get("tag_multipliers", {}).items()},
        excluded_categories=frozenset(config.get("excluded_categories", [])),
        remaining=remaining,
    )


async def _member_room(member_id: UUID, campaign: Campaign) -> int | None:
    """What the campaign may still give this member under its per-member cap."""
    if campaign.per_member_cap is None:
        return None
    rows = await PurchaseRecord._meta.db.execute_query_dict(
        "SELECT coalesce(sum((line->>'points')::bigint), 0) AS given FROM purchase p,"
        " jsonb_array_elements(p.breakdown) line WHERE p.tenant_id = $3 AND p.member_id = $1"
        " AND line->>'source_id' = $2",
        [member_id, str(campaign.id), campaign.tenant_id],
    )
    return max(0, int(campaign.per_member_cap) - int(rows[0]["given"]))


def _campaign(row: Campaign, member_room: int | None = None) -> rules.Campaign:
    remaining = None if row.budget_points is None else row.budget_points - row.awarded_points
    if member_room is not None:
        remaining = member_room if remaining is None else min(remaining, member_room)
    return rules.Campaign(
        id=row.id,
        name=row.name,
        kind=row.kind,
        multiplier=Fraction(row.multiplier),
        bonus=row.bonus_points,
        categories=frozenset(row.categories),
        tags=frozenset(row.tags),
        tiers=frozenset(UUID(tier) for tier in row.tier_ids),
        remaining=remaining,
        min_order=row.min_order,
    )


def _in_window(starts_at: datetime | None, ends_at: datetime | None, at: datetime) -> bool:
    return (starts_at is None or starts_at <= at) and (ends_at is None or at < ends_at)
