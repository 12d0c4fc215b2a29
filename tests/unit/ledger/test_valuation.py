"""Points at the value each was earned under: rounding, and pricing lot by lot in FIFO order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.ledger.valuation import EPOCH, PointValue, Tranche, Worth, half_up, in_force

OLD = PointValue(EPOCH, 100, 100)  # 100 points = 1.00
NEW = PointValue(datetime(2026, 12, 1, tzinfo=UTC), 200, 100)  # 200 points = 1.00


@pytest.mark.parametrize(
    ("points", "minor", "per_unit", "value"),
    [(100, 100, 100, 100), (150, 100, 100, 150), (1, 100, 3, 33), (2, 100, 3, 67), (5, 1, 10, 1)],
)
def test_values_round_half_up_to_the_minor_unit(
    points: int, minor: int, per_unit: int, value: int
) -> None:
    assert half_up(PointValue(EPOCH, per_unit, minor).worth(points)) == value


def test_the_value_in_force_is_the_latest_that_started() -> None:
    values = [OLD, NEW]
    assert in_force(values, datetime(2026, 11, 30, tzinfo=UTC)) is OLD
    assert in_force(values, NEW.effective_from) is NEW


def test_old_points_pay_at_their_own_value_then_new_ones_at_theirs() -> None:
    worth = Worth((Tranche(300, OLD), Tranche(400, NEW)), NEW)
    assert worth.value_of(300) == 300  # 3.00 from the old lots
    assert worth.value_of(500) == 400  # + 200 new points = 1.00
    assert worth.value_of(900) == 300 + 200 + 100  # past the lots: the value in force
    assert worth.points_within(300) == 300
    assert worth.points_within(400) == 500
    assert worth.points_within(399) == 498  # 3.00 + 198 points = 0.99
    assert worth.points_within(700) == 1100


def test_pricing_rounds_once_in_the_merchants_favour() -> None:
    thirds = PointValue(EPOCH, 3, 1)
    worth = Worth((Tranche(1, thirds), Tranche(1, thirds), Tranche(1, OLD)), OLD)
    # 1/3 + 1/3 = 0.67 rounded down once is 0, not two roundings; points never pay over worth.
    assert worth.value_of(2) == 0
    assert worth.value_of(3) == 1
    assert worth.points_within(1) == 2
