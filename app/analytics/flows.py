"""What the `points` rollup's categories mean, and how a range's flows add up (pure).

The categories are written by the database (`points_flow` in migration 0035); each names a
posted movement into or out of member wallets. Liability, the points members hold, moves by
exactly their net, so a bucket's closing liability is the next one's minus that bucket's net.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

ISSUED_PREFIX = "ISSUED:"


class IssueSource(StrEnum):
    PURCHASE = "PURCHASE"
    TASK = "TASK"
    CHECK_IN = "CHECK_IN"
    REFERRAL = "REFERRAL"
    LOTTERY = "LOTTERY"
    MANUAL = "MANUAL"
    EXCHANGE_IN = "EXCHANGE_IN"


class Outflow(StrEnum):
    REDEEMED = "REDEEMED"
    RETURNED = "RETURNED"
    EXPIRED = "EXPIRED"
    ADJUSTED = "ADJUSTED"
    EXCHANGED_OUT = "EXCHANGED_OUT"


@dataclass
class Flows:
    """Points moved in a span of time, by category."""

    issued: dict[IssueSource, int] = field(default_factory=dict)
    redeemed: int = 0
    returned: int = 0
    expired: int = 0
    adjusted: int = 0
    exchanged_out: int = 0

    def add(self, category: str, points: int) -> None:
        if category.startswith(ISSUED_PREFIX):
            source = IssueSource(category.removeprefix(ISSUED_PREFIX))
            self.issued[source] = self.issued.get(source, 0) + points
            return
        name = Outflow(category).value.lower()
        setattr(self, name, getattr(self, name) + points)

    @property
    def issued_total(self) -> int:
        return sum(self.issued.values())

    @property
    def redeemed_net(self) -> int:
        """Points spent on rewards, less those given back by cancellations and refunds."""
        return self.redeemed - self.returned

    @property
    def net(self) -> int:
        """How much the points members hold changed."""
        return (
            self.issued_total
            - self.redeemed_net
            - self.expired
            - self.adjusted
            - self.exchanged_out
        )

    def merged(self, other: Flows) -> Flows:
        total = Flows(dict(self.issued))
        for source, points in other.issued.items():
            total.issued[source] = total.issued.get(source, 0) + points
        for name in ("redeemed", "returned", "expired", "adjusted", "exchanged_out"):
            setattr(total, name, getattr(self, name) + getattr(other, name))
        return total


def closing_liabilities(flows: list[Flows], liability_after_last: int) -> list[int]:
    """Each bucket's closing liability, given the liability at the end of the last bucket."""
    closing, level = [], liability_after_last
    for bucket in reversed(flows):
        closing.append(level)
        level -= bucket.net
    return closing[::-1]
