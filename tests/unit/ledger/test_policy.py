from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.ledger.errors import LedgerError
from app.ledger.policy import ExpiryKind, ExpiryPolicy, lot_expiry

UTC_ZONE = ZoneInfo("UTC")

EARNED = datetime(2026, 1, 31, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("policy", "expires"),
    [
        (ExpiryPolicy(), None),
        (ExpiryPolicy(ExpiryKind.INACTIVITY, days=90), None),
        (ExpiryPolicy(ExpiryKind.ROLLING_DAYS, days=365), EARNED + timedelta(days=365)),
        (ExpiryPolicy(ExpiryKind.MONTH_END, months=0), datetime(2026, 2, 1, tzinfo=UTC)),
        (ExpiryPolicy(ExpiryKind.MONTH_END, months=11), datetime(2027, 1, 1, tzinfo=UTC)),
        (ExpiryPolicy(ExpiryKind.MONTH_END, months=13), datetime(2027, 3, 1, tzinfo=UTC)),
        (
            ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=12, day=28),
            datetime(2026, 12, 29, tzinfo=UTC),
        ),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=1, day=1), datetime(2027, 1, 2, tzinfo=UTC)),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=1, day=31), datetime(2026, 2, 1, tzinfo=UTC)),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=2, day=29), datetime(2026, 3, 1, tzinfo=UTC)),
    ],
)
def test_lot_expiry_by_policy(policy: ExpiryPolicy, expires: datetime | None) -> None:
    assert lot_expiry(policy.validated(), EARNED, UTC_ZONE) == expires


SHANGHAI, NEW_YORK = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")
YEAR_END = ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=12, day=31)


@pytest.mark.parametrize(
    ("zone", "earned", "expires"),
    [
        # 年底清零 at the new year's local midnight: 16:00 UTC in Shanghai (UTC+8) ...
        (SHANGHAI, datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 12, 31, 16, tzinfo=UTC)),
        # ... a minute before it, still this year's; a minute after, next year's
        (
            SHANGHAI,
            datetime(2026, 12, 31, 15, 59, tzinfo=UTC),
            datetime(2026, 12, 31, 16, tzinfo=UTC),
        ),
        (
            SHANGHAI,
            datetime(2026, 12, 31, 16, 1, tzinfo=UTC),
            datetime(2027, 12, 31, 16, tzinfo=UTC),
        ),
        # ... and 05:00 UTC the next day in New York (UTC-5 in winter)
        (NEW_YORK, datetime(2026, 6, 1, tzinfo=UTC), datetime(2027, 1, 1, 5, tzinfo=UTC)),
        (NEW_YORK, datetime(2027, 1, 1, 4, 59, tzinfo=UTC), datetime(2027, 1, 1, 5, tzinfo=UTC)),
        (NEW_YORK, datetime(2027, 1, 1, 5, 1, tzinfo=UTC), datetime(2028, 1, 1, 5, tzinfo=UTC)),
    ],
)
def test_a_year_end_clearing_is_at_the_merchants_midnight(
    zone: ZoneInfo, earned: datetime, expires: datetime
) -> None:
    assert lot_expiry(YEAR_END.validated(), earned, zone) == expires


def test_a_month_end_is_the_merchants() -> None:
    month_end = ExpiryPolicy(ExpiryKind.MONTH_END, months=0)
    # 31 January 23:30 in Shanghai, 10:30 in New York
    assert lot_expiry(month_end, EARNED, SHANGHAI) == datetime(2026, 1, 31, 16, tzinfo=UTC)
    assert lot_expiry(month_end, EARNED, NEW_YORK) == datetime(2026, 2, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        (ExpiryPolicy(ExpiryKind.ROLLING_DAYS), "days"),
        (ExpiryPolicy(ExpiryKind.ROLLING_DAYS, days=0), "days"),
        (ExpiryPolicy(ExpiryKind.INACTIVITY, days=5000), "days"),
        (ExpiryPolicy(ExpiryKind.MONTH_END, months=-1), "months"),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=13, day=1), "month"),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=2, day=30), "day"),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=4, day=31), "day"),
    ],
)
def test_incomplete_policies_name_the_missing_field(policy: ExpiryPolicy, field: str) -> None:
    with pytest.raises(LedgerError) as refused:
        policy.validated()
    assert refused.value.field == field
