"""How many points a purchase earns, and why (pure).

Amounts are exact fractions until each line of the breakdown is rounded down to whole points,
so the member never gets a fraction and the merchant never pays more than the rules say. The
order's amount is authoritative: item prices are scaled to it, so order-level discounts reduce
every item's points in proportion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from fractions import Fraction
from math import floor
from uuid import UUID


class Stacking(StrEnum):
    """How several campaigns on one purchase combine."""

    MULTIPLY = "MULTIPLY"
    ADD = "ADD"
    BEST_OF = "BEST_OF"


class RuleCombination(StrEnum):
    """How several purchase rules live at once combine: ALL add up (a base rate plus a
    promotion rule), BEST pays only the rule that earns the purchase most points (a new rate
    replacing the default one)."""

    ALL = "ALL"
    BEST = "BEST"


class CampaignKind(StrEnum):
    MULTIPLIER = "MULTIPLIER"
    BONUS = "BONUS"


@dataclass(frozen=True)
class Item:
    sku: str
    category: str | None
    tags: frozenset[str]
    unit_price: int
    quantity: int

    @property
    def total(self) -> int:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Purchase:
    amount: int
    items: tuple[Item, ...]
    occurred_at: datetime


@dataclass(frozen=True)
class PurchaseRule:
    id: UUID
    name: str
    points_per_unit: Fraction
    minor_per_unit: int
    min_order: int = 0
    category_multipliers: dict[str, Fraction] = field(default_factory=dict)
    tag_multipliers: dict[str, Fraction] = field(default_factory=dict)
    excluded_categories: frozenset[str] = frozenset()
    remaining: int | None = None


@dataclass(frozen=True)
class Campaign:
    id: UUID
    name: str
    kind: CampaignKind
    multiplier: Fraction = Fraction(1)
    bonus: int = 0
    categories: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    tiers: frozenset[UUID] = frozenset()
    remaining: int | None = None
    min_order: int = 0

    def applies_to(self, item: Item) -> bool:
        if self.categories and item.category not in self.categories:
            return False
        return not self.tags or bool(self.tags & item.tags)


@dataclass(frozen=True)
class Line:
    source_id: UUID
    source: str
    label: str
    points: int


@dataclass(frozen=True)
class Breakdown:
    lines: tuple[Line, ...]

    @property
    def total(self) -> int:
        return sum(line.points for line in self.lines)

    def as_json(self) -> list[dict[str, object]]:
        return [
            {"source_id": str(line.source_id), "source": line.source, "label": line.label,
             "points": line.points}
            for line in self.lines
        ]  # fmt: skip


def purchase_breakdown(
    purchase: Purchase,
    rule: PurchaseRule,
    campaigns: list[Campaign],
    stacking: Stacking,
    member_tier: UUID | None = None,
) -> Breakdown:
    """The points a purchase earns from `rule` and the campaigns, one line per source.
    Campaigns limited to tiers apply only to members in one of them, those with a minimum
    order only to orders of at least that amount (满额送)."""
    campaigns = [
        c
        for c in campaigns
        if (not c.tiers or member_tier in c.tiers) and purchase.amount >= c.min_order
    ]
    if purchase.amount < rule.min_order:
        return Breakdown(())
    shares = _item_shares(purchase)
    rate = rule.points_per_unit / rule.minor_per_unit
    base_by_item = [share * rate * _item_multiplier(rule, item) for item, share in shares]
    base = _capped(floor(sum(base_by_item, Fraction(0))), rule.remaining)
    lines = [Line(rule.id, "RULE", rule.name, base)] if base else []
    extras = _campaign_extras(shares, base_by_item, campaigns, stacking)
    lines += [line for line in extras if line.points > 0]
    return Breakdown(tuple(lines))


def _item_shares(purchase: Purchase) -> list[tuple[Item, Fraction]]:
    """Each item with its part of the order amount (all of it when no items are given)."""
    if not purchase.items:
        return [(Item("", None, frozenset(), purchase.amount, 1), Fraction(purchase.amount))]
    listed = sum(item.total for item in purchase.items)
    if listed == 0:
        return [(item, Fraction(0)) for item in purchase.items]
    return [(item, Fraction(item.total * purchase.amount, listed)) for item in purchase.items]


def _item_multiplier(rule: PurchaseRule, item: Item) -> Fraction:
    if item.category in rule.excluded_categories:
        return Fraction(0)
    category = rule.category_multipliers.get(item.category or "", Fraction(1))
    tags = [rule.tag_multipliers[tag] for tag in item.tags if tag in rule.tag_multipliers]
    return category * (max(tags) if tags else Fraction(1))


def _campaign_extras(
    shares: list[tuple[Item, Fraction]],
    base_by_item: list[Fraction],
    campaigns: list[Campaign],
    stacking: Stacking,
) -> list[Line]:
    """Each campaign's points on top of the rule's, combined as `stacking` says.

    MULTIPLY compounds: a second x2 doubles what the first already doubled (x4 in all). ADD sums
    the extra parts (x2 and x2 give x3). BEST_OF keeps only the campaign worth the most.
    Bonuses add a fixed amount when the purchase holds an item they apply to."""
    items = [item for item, _ in shares]
    factors = [Fraction(1)] * len(items)
    extras: list[tuple[Campaign, Fraction]] = []
    for campaign in campaigns:
        eligible = [i for i, item in enumerate(items) if campaign.applies_to(item)]
        if campaign.kind is CampaignKind.BONUS:
            extras.append((campaign, Fraction(campaign.bonus if eligible else 0)))
            continue
        growth = campaign.multiplier - 1
        if stacking is Stacking.MULTIPLY:
            extras.append(
                (
                    campaign,
                    sum((base_by_item[i] * factors[i] * growth for i in eligible), Fraction(0)),
                )
            )
            for i in eligible:
                factors[i] *= campaign.multiplier
        else:
            extras.append(
                (campaign, sum((base_by_item[i] * growth for i in eligible), Fraction(0)))
            )
    if stacking is Stacking.BEST_OF and extras:
        extras = [max(extras, key=lambda pair: pair[1])]
    return [
        Line(campaign.id, "CAMPAIGN", campaign.name, _capped(floor(points), campaign.remaining))
        for campaign, points in extras
    ]


def _capped(points: int, remaining: int | None) -> int:
    return max(0, points if remaining is None else min(points, remaining))
