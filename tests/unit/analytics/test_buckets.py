"""Buckets in a merchant's time zone and exact ratios."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.analytics.buckets import (
    DateRange,
    Granularity,
    Ratio,
    buckets,
)
from app.analytics.errors import AnalyticsError, AnalyticsErrorCode

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


def test_a_day_in_shanghai_starts_at_16_utc_the_day_before() -> None:
    (day,) = buckets(DateRange(date(2026, 11, 11), date(2026, 11, 11)), Granularity.DAY, SHANGHAI)
    assert (day.first, day.last) == (date(2026, 11, 11), date(2026, 11, 11))
    assert day.start == datetime(2026, 11, 10, 16, tzinfo=UTC)
    assert day.end == datetime(2026, 11, 11, 16, tzinfo=UTC)


def test_weeks_start_on_monday_and_are_clipped_to_the_range() -> None:
    # 2026-11-04 is a Wednesday; 2026-11-20 a Friday
    weeks = buckets(DateRange(date(2026, 11, 4), date(2026, 11, 20)), Granularity.WEEK, SHANGHAI)
    assert [(w.first, w.last) for w in weeks] == [
        (date(2026, 11, 4), date(2026, 11, 8)),
        (date(2026, 11, 9), date(2026, 11, 15)),
        (date(2026, 11, 16), date(2026, 11, 20)),
    ]


def test_months_follow_the_calendar_across_a_year_end() -> None:
    months = buckets(DateRange(date(2026, 11, 15), date(2027, 2, 3)), Granularity.MONTH, SHANGHAI)
    assert [(m.first, m.last) for m in months] == [
        (date(2026, 11, 15), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 31)),
        (date(2027, 2, 1), date(2027, 2, 3)),
    ]


def test_buckets_cover_the_range_without_gaps_across_a_daylight_saving_change() -> None:
    # New York leaves daylight saving on 2026-11-01: that day lasts 25 hours
    days = buckets(DateRange(date(2026, 10, 31), date(2026, 11, 2)), Granularity.DAY, NEW_YORK)
    assert all(a.end == b.start for a, b in itertools.pairwise(days))
    assert [(d.end - d.start).total_seconds() / 3600 for d in days] == [24, 25, 24]


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        (date(2026, 11, 2), date(2026, 11, 1), AnalyticsErrorCode.INVALID_RANGE),
        (date(2022, 1, 1), date(2026, 1, 1), AnalyticsErrorCode.RANGE_TOO_LONG),
    ],
)
def test_ranges_backwards_or_too_long_are_refused(
    first: date, last: date, code: AnalyticsErrorCode
) -> None:
    with pytest.raises(AnalyticsError) as refused:
        DateRange(first, last).checked()
    assert (refused.value.code, refused.value.field) == (code, "range")


def test_the_longest_range_allowed_is_accepted() -> None:
    assert DateRange(date(2024, 1, 1), date(2026, 12, 31)).checked()


@pytest.mark.parametrize(
    ("part", "whole", "bps"),
    [(0, 100, 0), (1, 3, 3333), (2, 3, 6667), (12345, 100000, 1235), (1, 20000, 1), (5, 0, None)],
)
def test_ratios_in_basis_points_round_half_up(part: int, whole: int, bps: int | None) -> None:
    assert Ratio(part, whole).basis_points == bps
