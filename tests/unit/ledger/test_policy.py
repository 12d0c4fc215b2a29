from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.ledger.errors import LedgerError
from app.ledger.policy import ExpiryKind, ExpiryPolicy, lot_expiry

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
            datetime(2026, 12, 28, tzinfo=UTC),
        ),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=1, day=1), datetime(2027, 1, 1, tzinfo=UTC)),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=1, day=28), datetime(2027, 1, 28, tzinfo=UTC)),
    ],
)
def test_lot_expiry_by_policy(policy: ExpiryPolicy, expires: datetime | None) -> None:
    assert lot_expiry(policy.validated(), EARNED) == expires


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        (ExpiryPolicy(ExpiryKind.ROLLING_DAYS), "days"),
        (ExpiryPolicy(ExpiryKind.ROLLING_DAYS, days=0), "days"),
        (ExpiryPolicy(ExpiryKind.INACTIVITY, days=5000), "days"),
        (ExpiryPolicy(ExpiryKind.MONTH_END, months=-1), "months"),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=13, day=1), "month"),
        (ExpiryPolicy(ExpiryKind.YEARLY_DATE, month=2, day=30), "day"),
    ],
)
def test_incomplete_policies_name_the_missing_field(policy: ExpiryPolicy, field: str) -> None:
    with pytest.raises(LedgerError) as refused:
        policy.validated()
    assert refused.value.field == field
