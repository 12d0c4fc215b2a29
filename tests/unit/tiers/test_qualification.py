from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

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


UTC_ZONE, SHANGHAI, NEW_YORK = (ZoneInfo(z) for z in ("UTC", "Asia/Shanghai", "America/New_York"))


def test_windows() -> None:
    now = datetime(2026, 3, 31, 12, tzinfo=UTC)
    year = window_start(now, Window.CALENDAR_YEAR, 12, UTC_ZONE)
    assert year == datetime(2026, 1, 1, tzinfo=UTC)
    rolling = window_start(now, Window.ROLLING_MONTHS, 12, UTC_ZONE)
    assert rolling == datetime(2025, 3, 31, 12, tzinfo=UTC)
    month = window_start(now, Window.ROLLING_MONTHS, 1, UTC_ZONE)
    assert month == datetime(2026, 2, 28, 12, tzinfo=UTC)


def test_a_calendar_year_starts_at_the_merchants_new_year() -> None:
    # 31 December 17:00 UTC is already 2027 in Shanghai (UTC+8), still 2026 in New York (UTC-5)
    now = datetime(2026, 12, 31, 17, tzinfo=UTC)
    shanghai = window_start(now, Window.CALENDAR_YEAR, 12, SHANGHAI)
    new_york = window_start(now, Window.CALENDAR_YEAR, 12, NEW_YORK)
    assert shanghai == datetime(2026, 12, 31, 16, tzinfo=UTC)
    assert new_york == datetime(2026, 1, 1, 5, tzinfo=UTC)
