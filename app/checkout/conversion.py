"""Points and money at the merchant's rate (`points_per_unit` points are worth one unit of its
fiat currency), in integers. Each conversion rounds in the merchant's favour and says so:
points pay at most what they are worth, and an order's cap in points never exceeds its cap in
money."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    points_per_unit: int
    minor_per_unit: int

    def value_of(self, points: int) -> int:
        """What `points` pay, in minor units: rounded down to the minor unit."""
        return points * self.minor_per_unit // self.points_per_unit

    def points_within(self, minor: int) -> int:
        """The most points whose value is at most `minor` minor units: rounded down."""
        return minor * self.points_per_unit // self.minor_per_unit


def share_of(amount: int, basis_points: int) -> int:
    """`basis_points`/10,000 of `amount` minor units, rounded down."""
    return amount * basis_points // 10_000


def proportional(points: int, part: int, whole: int) -> int:
    """The points of `part` out of `whole` (cumulative refunds), rounded down; all of them once
    the part is the whole."""
    return points * part // whole if whole else 0
