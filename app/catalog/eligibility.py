"""Whether a member can redeem a reward now, and the first reason why not (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Ineligible(StrEnum):
    NOT_AVAILABLE = "NOT_AVAILABLE"
    NOT_STARTED = "NOT_STARTED"
    ENDED = "ENDED"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    TIER_REQUIRED = "TIER_REQUIRED"
    LIMIT_REACHED = "LIMIT_REACHED"
    INSUFFICIENT_POINTS = "INSUFFICIENT_POINTS"


@dataclass(frozen=True)
class Offer:
    active: bool
    price_points: int
    stock_available: int
    available_from: datetime | None
    available_until: datetime | None
    min_tier_rank: int | None
    # A donation gives nothing away that could run out: its stock is not counted.
    unlimited: bool = False


@dataclass(frozen=True)
class Shopper:
    available_points: int
    tier_rank: int
    redeemed: int
    redeemed_today: int


def why_not(
    offer: Offer,
    shopper: Shopper,
    now: datetime,
    quantity: int = 1,
    per_member_limit: int | None = None,
    per_member_daily_limit: int | None = None,
) -> Ineligible | None:
    """The first reason `shopper` cannot redeem `quantity` of `offer` at `now`, or None."""
    if not offer.active:
        return Ineligible.NOT_AVAILABLE
    if offer.available_from is not None and now < offer.available_from:
        return Ineligible.NOT_STARTED
    if offer.available_until is not None and now >= offer.available_until:
        return Ineligible.ENDED
    if not offer.unlimited and offer.stock_available < quantity:
        return Ineligible.OUT_OF_STOCK
    if offer.min_tier_rank is not None and shopper.tier_rank < offer.min_tier_rank:
        return Ineligible.TIER_REQUIRED
    if per_member_limit is not None and shopper.redeemed + quantity > per_member_limit:
        return Ineligible.LIMIT_REACHED
    if (
        per_member_daily_limit is not None
        and shopper.redeemed_today + quantity > per_member_daily_limit
    ):
        return Ineligible.LIMIT_REACHED
    if shopper.available_points < offer.price_points * quantity:
        return Ineligible.INSUFFICIENT_POINTS
    return None
