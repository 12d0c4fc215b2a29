"""Purchase points, worked by hand: 1 point per 1 CNY (100 fen) unless a case says otherwise."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from uuid import UUID

import pytest

from app.earning.rules import (
    Campaign,
    CampaignKind,
    Item,
    Purchase,
    PurchaseRule,
    Stacking,
    purchase_breakdown,
)

NOW = datetime(2026, 11, 11, 12, tzinfo=UTC)
RULE = PurchaseRule(UUID(int=1), "1 point per CNY", Fraction(1), 100)
COFFEE = Item("latte", "drinks", frozenset({"new"}), 3_050, 2)  # 61.00 CNY
CAKE = Item("cake", "food", frozenset(), 3_900, 1)  # 39.00 CNY
CARD = Item("gift-card", "gift_cards", frozenset(), 10_000, 1)


def buy(*items: Item, amount: int | None = None) -> Purchase:
    return Purchase(amount if amount is not None else sum(i.total for i in items), items, NOW)


def double(
    number: int, tags: frozenset[str] = frozenset(), remaining: int | None = None
) -> Campaign:
    return Campaign(
        UUID(int=100 + number), f"x2 #{number}", CampaignKind.MULTIPLIER, Fraction(2),
        tags=tags, remaining=remaining,
    )  # fmt: skip


def test_one_point_per_unit_rounds_down() -> None:
    breakdown = purchase_breakdown(buy(amount=9_999), RULE, [], Stacking.MULTIPLY)
    assert [(line.source, line.points) for line in breakdown.lines] == [("RULE", 99)]


def test_minimum_order_amount() -> None:
    rule = PurchaseRule(UUID(int=1), "min 50", Fraction(1), 100, min_order=5_000)
    assert purchase_breakdown(buy(amount=4_999), rule, [], Stacking.MULTIPLY).total == 0
    assert purchase_breakdown(buy(amount=5_000), rule, [], Stacking.MULTIPLY).total == 50


def test_category_multiplier_and_exclusion() -> None:
    rule = PurchaseRule(
        UUID(int=1), "rule", Fraction(1), 100,
        category_multipliers={"food": Fraction(3)}, excluded_categories=frozenset({"gift_cards"}),
    )  # fmt: skip
    # coffee 61 x1 + cake 39 x3 + gift card excluded = 178
    assert purchase_breakdown(buy(COFFEE, CAKE, CARD), rule, [], Stacking.MULTIPLY).total == 178


def test_an_order_discount_reduces_every_item_in_proportion() -> None:
    # items list 100.00 CNY, the customer paid 80.00: 80 points
    assert (
        purchase_breakdown(buy(COFFEE, CAKE, amount=8_000), RULE, [], Stacking.MULTIPLY).total == 80
    )


@pytest.mark.parametrize(
    ("stacking", "extras", "total"),
    [
        (Stacking.MULTIPLY, [100, 200], 400),  # x2 then x2 again: x4
        (Stacking.ADD, [100, 100], 300),  # x2 and x2: +1 +1 = x3
        (Stacking.BEST_OF, [100], 200),
    ],
)
def test_campaign_stacking(stacking: Stacking, extras: list[int], total: int) -> None:
    breakdown = purchase_breakdown(buy(amount=10_000), RULE, [double(1), double(2)], stacking)
    assert [line.points for line in breakdown.lines] == [100, *extras]
    assert breakdown.total == total


def test_a_tagged_campaign_doubles_only_tagged_items() -> None:
    breakdown = purchase_breakdown(
        buy(COFFEE, CAKE), RULE, [double(1, tags=frozenset({"new"}))], Stacking.MULTIPLY
    )
    assert [line.points for line in breakdown.lines] == [100, 61]


def test_best_of_picks_a_bonus_when_it_is_worth_more() -> None:
    bonus = Campaign(UUID(int=9), "+500", CampaignKind.BONUS, bonus=500)
    breakdown = purchase_breakdown(buy(amount=10_000), RULE, [double(1), bonus], Stacking.BEST_OF)
    assert [(line.label, line.points) for line in breakdown.lines] == [
        ("1 point per CNY", 100),
        ("+500", 500),
    ]


def test_caps_limit_each_line() -> None:
    rule = PurchaseRule(UUID(int=1), "rule", Fraction(1), 100, remaining=30)
    breakdown = purchase_breakdown(
        buy(amount=10_000), rule, [double(1, remaining=10)], Stacking.MULTIPLY
    )
    assert [line.points for line in breakdown.lines] == [30, 10]


def test_half_a_point_per_unit() -> None:
    rule = PurchaseRule(UUID(int=1), "rule", Fraction(1, 2), 100)
    assert purchase_breakdown(buy(amount=999), rule, [], Stacking.MULTIPLY).total == 4


def test_a_tier_campaign_applies_only_to_members_of_those_tiers() -> None:
    gold = UUID(int=77)
    campaign = Campaign(
        UUID(int=5), "Gold x2", CampaignKind.MULTIPLIER, Fraction(2), tiers=frozenset({gold})
    )
    purchase = buy(amount=10_000)
    assert (
        purchase_breakdown(purchase, RULE, [campaign], Stacking.MULTIPLY, member_tier=None).total
        == 100
    )
    assert (
        purchase_breakdown(purchase, RULE, [campaign], Stacking.MULTIPLY, member_tier=gold).total
        == 200
    )
