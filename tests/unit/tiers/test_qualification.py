from __future__ import annotations

from datetime import UTC, datetime

from app.tiers.models import Window
from app.tiers.qualification import Level, next_level, qualifying, window_start

LEVELS = [Level("gold", 2, 5_000), Level("basic", 0, 0), Level("silver", 1, 1_000)]


def test_the_highest_reached_threshold_wins() -> None:
    assert qualifying(LEVELS, 0).id == "basic"
    assert qualifying(LEVELS, 999).id == "basic"
    assert qualifying(LEVELS, 1_000).id == "silver"
    assert qualifying(LEVELS, 10_000).id == "gold"


def test_next_level() -> None:
    assert next_level(LEVELS, LEVELS[2]) == LEVELS[0]
    assert next_level(LEVELS, LEVELS[0]) is None


def test_windows() -> None:
    now = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert window_start(now, Window.CALENDAR_YEAR, 12) == datetime(2026, 1, 1, tzinfo=UTC)
    assert window_start(now, Window.ROLLING_MONTHS, 12) == datetime(2025, 3, 31, 12, tzinfo=UTC)
    assert window_start(now, Window.ROLLING_MONTHS, 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)
