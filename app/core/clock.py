"""The application clock: always timezone-aware UTC, and the local days of a time zone (each
merchant's calendar rules count days in its own, `tenants.clock.zone_of`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_day_start(at: datetime, zone: ZoneInfo) -> datetime:
    """The instant (in UTC) the local day holding `at` began in `zone`: its local midnight."""
    local = at.astimezone(zone)
    return datetime(local.year, local.month, local.day, tzinfo=zone).astimezone(UTC)


def local_date(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()
