"""When points expire (pure): the tenant's expiry policy applied to a lot's earning time.

A lot with `expires_at = T` is spendable strictly before T. Times are UTC; month ends and
clearing dates are the merchant's local days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from app.ledger.errors import LedgerError, LedgerErrorCode

MAX_DAYS = 3650
MAX_MONTHS = 120


class ExpiryKind(StrEnum):
    NEVER = "NEVER"
    ROLLING_DAYS = "ROLLING_DAYS"
    MONTH_END = "MONTH_END"
    YEARLY_DATE = "YEARLY_DATE"
    INACTIVITY = "INACTIVITY"


class RestoreRule(StrEnum):
    """What returned points (a refund of a spend) expire like."""

    ORIGINAL_EXPIRY = "ORIGINAL_EXPIRY"
    FRESH = "FRESH"


@dataclass(frozen=True)
class ExpiryPolicy:
    kind: ExpiryKind = ExpiryKind.NEVER
    days: int | None = None
    months: int | None = None
    month: int | None = None
    day: int | None = None

    def validated(self) -> ExpiryPolicy:
        """This policy, or a LedgerError naming the parameter it lacks or has out of range."""
        if self.kind in {ExpiryKind.ROLLING_DAYS, ExpiryKind.INACTIVITY}:
            _require(self.days is not None and 1 <= self.days <= MAX_DAYS, "days", f"1-{MAX_DAYS}")
        if self.kind is ExpiryKind.MONTH_END:
            ok = self.months is not None and 0 <= self.months <= MAX_MONTHS
            _require(ok, "months", f"0-{MAX_MONTHS}")
        if self.kind is ExpiryKind.YEARLY_DATE:
            _require(self.month is not None and 1 <= self.month <= 12, "month", "1-12")
            assert self.month is not None  # noqa: S101 - just required
            longest = calendar.monthrange(2000, self.month)[1]  # a leap year: 29 February too
            _require(self.day is not None and 1 <= self.day <= longest, "day", f"1-{longest}")
        return self


@dataclass(frozen=True)
class PointsRules:
    """A tenant's whole points policy as the ledger applies it."""

    expiry: ExpiryPolicy = ExpiryPolicy()
    restore_rule: RestoreRule = RestoreRule.ORIGINAL_EXPIRY
    member_transfers_enabled: bool = False
    member_transfer_daily_cap: int = 0
    # Days before expiry at which members are reminded (one points.expiring event per stage).
    reminder_days: tuple[int, ...] = (30, 7)
    # The merchant's time zone (the tenant's, not a policy column): expiry dates and daily caps
    # are its local days.
    time_zone: str = "Asia/Shanghai"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def columns(self) -> dict[str, Any]:
        """The policy as the points_policy table (and the API's PointsPolicy) name its parts."""
        return {
            "expiry_kind": self.expiry.kind,
            "expiry_days": self.expiry.days,
            "expiry_months": self.expiry.months,
            "clearing_month": self.expiry.month,
            "clearing_day": self.expiry.day,
            "restore_rule": self.restore_rule,
            "member_transfers_enabled": self.member_transfers_enabled,
            "member_transfer_daily_cap": self.member_transfer_daily_cap,
            "reminder_days": list(self.reminder_days),
        }

    def validated_reminders(self) -> tuple[int, ...]:
        days = tuple(sorted(set(self.reminder_days), reverse=True))
        ok = len(days) <= MAX_REMINDER_STAGES and all(1 <= d <= MAX_DAYS for d in days)
        _require(ok, "reminderDays", f"at most {MAX_REMINDER_STAGES} values of 1-{MAX_DAYS}")
        return days


MAX_REMINDER_STAGES = 5


def _require(ok: bool, field: str, allowed: str) -> None:
    if not ok:
        raise LedgerError(LedgerErrorCode.INVALID_POLICY, f"`{field}` must be {allowed}.", field)


def lot_expiry(policy: ExpiryPolicy, earned_at: datetime, zone: ZoneInfo) -> datetime | None:
    """When a lot earned at `earned_at` expires; None for never (and for INACTIVITY, where
    the whole balance expires together, not lot by lot). Month ends and clearing dates are the
    merchant's (`zone`): a clearing date is the last day points are valid, and they expire at the
    local midnight that ends it (12-31: 年底清零 at the new year's local midnight; 2-29 in a
    year without one: the end of 2-28)."""
    earned = earned_at.astimezone(zone)
    if policy.kind is ExpiryKind.ROLLING_DAYS:
        assert policy.days is not None  # noqa: S101 - validated
        return earned_at.astimezone(UTC) + timedelta(days=policy.days)
    if policy.kind is ExpiryKind.MONTH_END:
        assert policy.months is not None  # noqa: S101 - validated
        return _month_start(earned.year, earned.month + policy.months + 1, zone)
    if policy.kind is ExpiryKind.YEARLY_DATE:
        assert policy.month is not None  # noqa: S101 - validated
        assert policy.day is not None  # noqa: S101 - validated
        for year in (earned.year, earned.year + 1):
            last = min(policy.day, calendar.monthrange(year, policy.month)[1])
            end = datetime(year, policy.month, last, tzinfo=zone) + timedelta(days=1)
            ends = datetime(end.year, end.month, end.day, tzinfo=zone).astimezone(UTC)
            if ends > earned_at:
                return ends
    return None


def _month_start(year: int, month: int, zone: ZoneInfo) -> datetime:
    """The first instant of `month` (which may run past 12) of `year`, local to `zone`."""
    year += (month - 1) // 12
    return datetime(year, (month - 1) % 12 + 1, 1, tzinfo=zone).astimezone(UTC)
