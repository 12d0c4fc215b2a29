"""Which status an order may move to (pure).

PENDING_PAYMENT -> CONFIRMED -> FULFILLED -> COMPLETED, where a PHYSICAL reward is fulfilled by
SHIPPED -> DELIVERED; CANCELLED before fulfilment; REFUNDED from any confirmed state short of
COMPLETED.
"""

from __future__ import annotations

from app.redemption.models import OrderStatus as S

_NEXT: dict[S, set[S]] = {
    S.PENDING_PAYMENT: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.FULFILLED, S.SHIPPED, S.CANCELLED, S.REFUNDED},
    S.SHIPPED: {S.DELIVERED, S.REFUNDED},
    S.DELIVERED: {S.COMPLETED, S.REFUNDED},
    S.FULFILLED: {S.COMPLETED, S.REFUNDED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}


def allowed(current: S, target: S, physical: bool) -> bool:
    """Whether `current` may become `target`; physical rewards ship, others are fulfilled."""
    if (target is S.FULFILLED and physical) or (target is S.SHIPPED and not physical):
        return False
    return target in _NEXT[current]
