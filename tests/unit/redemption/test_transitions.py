from __future__ import annotations

import pytest

from app.redemption.models import OrderStatus as S
from app.redemption.transitions import allowed


@pytest.mark.parametrize(
    ("current", "target", "physical", "ok"),
    [
        (S.CONFIRMED, S.SHIPPED, True, True),
        (S.CONFIRMED, S.FULFILLED, True, False),
        (S.CONFIRMED, S.FULFILLED, False, True),
        (S.CONFIRMED, S.SHIPPED, False, False),
        (S.SHIPPED, S.DELIVERED, True, True),
        (S.DELIVERED, S.COMPLETED, True, True),
        (S.FULFILLED, S.COMPLETED, False, True),
        (S.SHIPPED, S.CANCELLED, True, False),
        (S.COMPLETED, S.REFUNDED, False, False),
        (S.DELIVERED, S.REFUNDED, True, True),
        (S.CANCELLED, S.CONFIRMED, False, False),
    ],
)
def test_transitions(current: S, target: S, physical: bool, ok: bool) -> None:
    assert allowed(current, target, physical) is ok
