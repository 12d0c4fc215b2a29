"""Time buckets in a merchant's time zone, and the exact ratios analytics report (pure).

A range is whole local days, `first` to `last` inclusive. Buckets are local days, ISO weeks
(Monday first) or calendar months, clipped to the range, each a half-open UTC interval. The
rollups they are summed from are UTC hours, so bucket edges are exact wherever the zone's offset
is a whole number of hours (China, and most of the world); in a zone offset by 30 or 45 minutes
an edge falls inside an hour, and that hour counts in the bucket where it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from app.analytics.errors import AnalyticsError, AnalyticsErrorCode

MAX_RANGE_DAYS = 3 * 366
BASIS_POINTS = 10_000


class Granularity(StrEnum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"


@dataclass(frozen=True)
class Bucket:
    """Local days `first`..`last`, which are the UTC instants [start, end)."""

    first: date
    last: date
    start: datetime
    end: datetime


@dataclass(frozen=True)
class DateRange:
    first: date
    last: date

    def checked(self) -> DateRange:
        if self.last < self.first:
            raise AnalyticsError(
                AnalyticsErrorCode.INVALID_RANGE, "`to` must not be before `from`.", "range"
            )
        if (self.last - self.first).days >= MAX_RANGE_DAYS:
            raise AnalyticsError(
                AnalyticsErrorCode.RANGE_TOO_LONG,
                f"A range covers at most {MAX_RANGE_DAYS} days.",
                "range",
            )
        return self


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The instant `day` begins in `zone`, in UTC (so differences are real durations)."""
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def buckets(period: DateRange, granularity: Granularity, zone: ZoneInfo) -> list[Bucket]:
    """The range cut into buckets, in order, covering it exactly."""
    result, first = [], period.first
    while first <= period.last:
        last = min(_bucket_last(first, granularity), period.last)
        after = last + timedelta(days=1)
        result.append(Bucket(first, last, local_midnight(first, zone), local_midnight(after, zone)))
        first = after
    return result


def _bucket_last(day: date, granularity: Granularity) -> date:
    if granularity is Granularity.DAY:
        return day
    if granularity is Granularity.WEEK:
        return day + timedelta(days=6 - day.weekday())
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class Ratio:
    """`part / whole` exactly; `basis_points` rounds half up (12.345% -> 1235)."""

    part: int
    whole: int

    @property
    def basis_points(self) -> int | None:
        if self.whole <= 0:
            return None
        return (2 * self.part * BASIS_POINTS + self.whole) // (2 * self.whole)
