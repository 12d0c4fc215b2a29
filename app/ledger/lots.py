"""Which lots a debit draws on (pure): earliest expiry first, then oldest, then by id.

Lots that never expire come last. Only free points (`remaining - reserved`) can be drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID


@dataclass(frozen=True)
class LotView:
    id: UUID
    remaining: int
    reserved: int
    expires_at: datetime | None
    earned_at: datetime

    @property
    def free(self) -> int:
        return self.remaining - self.reserved


_NEVER = datetime.max.replace(tzinfo=UTC)


def fifo_key(lot: LotView) -> tuple[datetime, datetime, UUID]:
    return (lot.expires_at or _NEVER, lot.earned_at, lot.id)


def draw(lots: list[LotView], amount: int) -> list[tuple[UUID, int]]:
    """(lot id, points) to take `amount` from, FIFO; raises ValueError if the lots hold less."""
    plan = []
    left = amount
    for lot in sorted(lots, key=fifo_key):
        if left == 0:
            break
        take = min(lot.free, left)
        if take > 0:
            plan.append((lot.id, take))
            left -= take
    if left:
        raise ValueError(f"lots hold {amount - left} free points, {amount} needed")
    return plan
