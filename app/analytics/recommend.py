"""Which rewards to show a member first (pure).

A reward is a candidate when the member can redeem it now, or could with a few more points:
it is open to them (active, in its window, in stock, their tier, under their limits) and they
hold at least 80% of its price. Candidates rank by how often members of the member's own tier
redeemed them lately; then what they can afford now before what they nearly can; among those
they can afford, the dearest first (the most their points buy), and among the rest the
closest first (the fewest points to go).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

# "Nearly afford": the member holds at least NEARLY_NUMERATOR / NEARLY_DENOMINATOR of the price.
NEARLY_NUMERATOR, NEARLY_DENOMINATOR = 4, 5


@dataclass(frozen=True)
class Candidate:
    reward_id: UUID
    price: int
    tier_redemptions: int


@dataclass(frozen=True)
class Recommendation:
    reward_id: UUID
    price: int
    tier_redemptions: int
    points_short: int

    @property
    def affordable(self) -> bool:
        return self.points_short == 0


def within_reach(price: int, funds: int) -> bool:
    return price <= funds or NEARLY_DENOMINATOR * funds >= NEARLY_NUMERATOR * price


def recommend(candidates: list[Candidate], funds: int, first: int) -> list[Recommendation]:
    """The best `first` candidates within reach of `funds`, best first."""
    reachable = [c for c in candidates if within_reach(c.price, funds)]
    ranked = sorted(
        reachable,
        key=lambda c: (
            -c.tier_redemptions,
            c.price > funds,
            -c.price if c.price <= funds else c.price - funds,
            str(c.reward_id),
        ),
    )
    return [
        Recommendation(c.reward_id, c.price, c.tier_redemptions, max(0, c.price - funds))
        for c in ranked[:first]
    ]
