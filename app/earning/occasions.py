"""When the non-purchase rules pay (pure): check-in streaks and birthdays, in the tenant's
time zone."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def next_streak(last_day: date | None, last_streak: int, today: date) -> int:
    """The streak a check-in today makes: one more than yesterday's, else a fresh 1."""
    return last_streak + 1 if last_day == today - timedelta(days=1) else 1


def check_in_points(schedule: list[int], streak: int) -> int:
    """Points for the `streak`-th day in a row; the schedule repeats after its last day."""
    return schedule[(streak - 1) % len(schedule)]


def birthday_occasion(birthday: date, today: date, whole_month: bool) -> str | None:
    """The occasion to pay a birthday bonus for today, or None. A 29 February birthday is
    celebrated on the 28th in years without one."""
    if whole_month:
        return f"birthday:{today.year}" if today.month == birthday.month else None
    day = birthday.day
    if birthday.month == 2 and day == 29 and not calendar.isleap(today.year):
        day = 28
    if (today.month, today.day) == (birthday.month, day):
        return f"birthday:{today.year}"
    return None
