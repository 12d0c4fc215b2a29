"""Shares of money and of points, in integers. What points are worth is the ledger's
(`app.ledger.valuation.Worth`: each lot at the value it was earned under); each conversion rounds
in the merchant's favour and says so."""

from __future__ import annotations


def share_of(amount: int, basis_points: int) -> int:
    """`basis_points`/10,000 of `amount` minor units, rounded down."""
    return amount * basis_points // 10_000


def proportional(points: int, part: int, whole: int) -> int:
    """The points of `part` out of `whole` (cumulative refunds), rounded down; all of them once
    the part is the whole."""
    return points * part // whole if whole else 0
