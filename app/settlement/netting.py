"""Netting a batch's obligations into one line per merchant (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

SPREAD = "SPREAD"


@dataclass(frozen=True)
class Owed:
    kind: str
    debtor_id: UUID | None
    creditor_id: UUID | None
    amount_minor: int


@dataclass
class Netted:
    receivable: dict[UUID, int] = field(default_factory=dict)
    payable: dict[UUID, int] = field(default_factory=dict)
    total: int = 0
    spread: int = 0

    @property
    def merchants(self) -> list[UUID]:
        return sorted(set(self.receivable) | set(self.payable), key=str)

    def net(self, merchant: UUID) -> int:
        """Positive: the platform pays the merchant; negative: the merchant pays."""
        return self.receivable.get(merchant, 0) - self.payable.get(merchant, 0)

    @property
    def platform_net(self) -> int:
        """What the platform receives: the opposite of the merchants' nets, so all sum to 0."""
        return -sum(self.net(merchant) for merchant in self.merchants)


def net_obligations(obligations: Iterable[Owed]) -> Netted:
    netted = Netted()
    for owed in obligations:
        if owed.kind == SPREAD:
            netted.spread += owed.amount_minor
            continue
        netted.total += owed.amount_minor
        if owed.creditor_id is not None:
            netted.receivable[owed.creditor_id] = (
                netted.receivable.get(owed.creditor_id, 0) + owed.amount_minor
            )
        if owed.debtor_id is not None:
            netted.payable[owed.debtor_id] = (
                netted.payable.get(owed.debtor_id, 0) + owed.amount_minor
            )
    return netted


def _add(totals: dict[UUID, int], merchant: UUID, amount: int) -> None:
    totals[merchant] = totals.get(merchant, 0) + amount
