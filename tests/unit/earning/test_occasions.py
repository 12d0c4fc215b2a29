from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.core.clock import local_date
from app.earning.occasions import birthday_occasion, check_in_points, next_streak

SCHEDULE = [5, 5, 10, 10, 15, 15, 30]


def test_local_date_follows_the_tenant_time_zone() -> None:
    late_utc = datetime(2026, 3, 31, 16, 30, tzinfo=UTC)  # 00:30 on 1 April in Shanghai
    assert local_date(late_utc, ZoneInfo("Asia/Shanghai")) == date(2026, 4, 1)
    assert local_date(late_utc, ZoneInfo("UTC")) == date(2026, 3, 31)


def test_streak_continues_only_from_yesterday() -> None:
    today = date(2026, 3, 1)
    assert next_streak(date(2026, 2, 28), 3, today) == 4
    assert next_streak(date(2026, 2, 27), 3, today) == 1
    assert next_streak(None, 0, today) == 1


@pytest.mark.parametrize(("streak", "points"), [(1, 5), (3, 10), (7, 30), (8, 5), (14, 30)])
def test_schedule_repeats(streak: int, points: int) -> None:
    assert check_in_points(SCHEDULE, streak) == points


def test_birthday_on_the_day_and_in_the_month() -> None:
    birthday = date(1990, 5, 17)
    assert birthday_occasion(birthday, date(2026, 5, 17), whole_month=False) == "birthday:2026"
    assert birthday_occasion(birthday, date(2026, 5, 16), whole_month=False) is None
    assert birthday_occasion(birthday, date(2026, 5, 1), whole_month=True) == "birthday:2026"
    assert birthday_occasion(birthday, date(2026, 6, 1), whole_month=True) is None


def test_leap_day_birthdays() -> None:
    leap = date(2000, 2, 29)
    assert birthday_occasion(leap, date(2027, 2, 28), whole_month=False) == "birthday:2027"
    assert birthday_occasion(leap, date(2028, 2, 28), whole_month=False) is None
    assert birthday_occasion(leap, date(2028, 2, 29), whole_month=False) == "birthday:2028"


@pytest.mark.parametrize(
    ("yesterday", "today"),
    [
        (date(2026, 1, 31), date(2026, 2, 1)),
        (date(2028, 2, 29), date(2028, 3, 1)),
        (date(2026, 12, 31), date(2027, 1, 1)),
    ],
)
def test_streaks_run_across_month_and_year_ends(yesterday: date, today: date) -> None:
    assert next_streak(yesterday, 6, today) == 7
