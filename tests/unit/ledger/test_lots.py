from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from app.ledger.lots import LotView, draw

JAN, FEB = datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 2, 15, tzinfo=UTC)
MARCH, DECEMBER = datetime(2026, 3, 31, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC)


def lot(
    number: int, remaining: int, expires: datetime | None, earned: datetime, reserved: int = 0
) -> LotView:
    return LotView(UUID(int=number), remaining, reserved, expires, earned)


def test_earliest_expiry_is_drawn_first_whatever_was_earned_first() -> None:
    february_lot = lot(1, 100, DECEMBER, FEB)
    january_lot = lot(2, 100, MARCH, JAN)
    assert draw([february_lot, january_lot], 150) == [(UUID(int=2), 100), (UUID(int=1), 50)]


def test_never_expiring_points_go_last_and_ties_break_by_age() -> None:
    lots = [lot(1, 10, None, JAN), lot(2, 10, DECEMBER, FEB), lot(3, 10, DECEMBER, JAN)]
    assert draw(lots, 25) == [(UUID(int=3), 10), (UUID(int=2), 10), (UUID(int=1), 5)]


def test_reserved_points_are_not_drawn() -> None:
    assert draw([lot(1, 10, MARCH, JAN, reserved=8), lot(2, 5, DECEMBER, JAN)], 6) == [
        (UUID(int=1), 2),
        (UUID(int=2), 4),
    ]


def test_drawing_more_than_the_lots_hold_fails() -> None:
    with pytest.raises(ValueError, match="hold 10 free points, 11 needed"):
        draw([lot(1, 10, None, JAN)], 11)
