"""Which tier a member's progress earns, what the next one needs, and the window (pure)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from app.tiers.models import Window


@dataclass(frozen=True)
class Level:
    id: object
    rank: int
    threshold: int


def window_start(now: datetime, window: Window, months: int, zone: ZoneInfo) -> datetime:
    """Where the qualifying window begins: N months back, or 1 January of this year (the
    merchant's: local midnight in `zone`)."""
    if window is Window.CALENDAR_YEAR:
        return datetime(now.astimezone(zone).year, 1, 1, tzinfo=zone).astimezone(UTC)
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def qualifying(levels: list[Level], progress: int) -> Level:
    """The highest level whose threshold `progress` reaches (the lowest level needs none)."""
    ordered = sorted(levels, key=lambda level: level.rank)
    reached = [level for level in ordered if progress >= level.threshold]
    return reached[-1] if reached else ordered[0]


def next_level(levels: list[Level], current: Level) -> Level | None:
    above = [level for level in levels if level.rank > current.rank]
    return min(above, key=lambda level: level.rank) if above else None
