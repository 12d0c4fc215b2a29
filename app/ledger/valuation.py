"""What points are worth in fiat, over time.

A merchant changes its point's value from a date on (effective-dated, never backdated). Points
keep the value in force when they were earned: a lot's value is the schedule's row with the
latest `effective_from` at or before the lot's `earned_at`, so a change never revalues points
already issued. What members hold is worth the sum, over lots, of what is left of each at its
own value; a debit draws lots FIFO, so the points a checkout takes are priced lot by lot in that
order (`Worth`), and a captured spend is valued from the lots it actually consumed.

A tenant whose value never changed has one row (from the epoch) and every figure reduces to
points x that value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.ids import uuid7
from app.ledger.accounts import AccountKind
from app.ledger.currencies import MAX_POINTS_PER_FIAT_UNIT
from app.ledger.errors import LedgerError, LedgerErrorCode
from app.ledger.models import Account, Currency, CurrencyValue

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_LEAD = timedelta(days=5 * 366)


@dataclass(frozen=True)
class PointValue:
    """From `effective_from` on, `points_per_unit` points are worth `minor_per_unit` minor units
    (one whole fiat unit)."""

    effective_from: datetime
    points_per_unit: int
    minor_per_unit: int

    def worth(self, points: int) -> Fraction:
        return Fraction(points * self.minor_per_unit, self.points_per_unit)

    def affordable(self, budget: Fraction) -> int:
        """The most points at this value worth at most `budget` minor units."""
        return int(budget * self.points_per_unit / self.minor_per_unit)


def in_force(values: list[PointValue], at: datetime) -> PointValue:
    """The value in force at `at` (`values` in order of `effective_from`, the first from the
    epoch)."""
    current = values[0]
    for value in values:
        if value.effective_from <= at:
            current = value
    return current


def half_up(amount: Fraction) -> int:
    """`amount` minor units rounded half up (a liability is stated to the fen)."""
    return int((2 * amount.numerator + amount.denominator) // (2 * amount.denominator))


@dataclass(frozen=True)
class Tranche:
    points: int
    value: PointValue


@dataclass(frozen=True)
class Worth:
    """A wallet's free points in the order a debit draws them, each tranche at its own value;
    points past the last tranche (which the wallet does not hold) at `current`."""

    tranches: tuple[Tranche, ...]
    current: PointValue

    def exact(self, points: int) -> Fraction:
        """What the first `points` drawn are worth, exactly."""
        total, left = Fraction(0), points
        for tranche in self.tranches:
            take = min(tranche.points, left)
            total += tranche.value.worth(take)
            left -= take
        return total + self.current.worth(left)

    def value_of(self, points: int) -> int:
        """What the first `points` drawn pay, in minor units: rounded down (points pay at most
        what they are worth)."""
        return int(self.exact(points))

    def points_within(self, minor: int) -> int:
        """The most points, drawn in order, whose value is at most `minor` minor units."""
        budget, points = Fraction(minor), 0
        for tranche in self.tranches:
            take = min(tranche.points, tranche.value.affordable(budget))
            points += take
            budget -= tranche.value.worth(take)
            if take < tranche.points:
                return points
        return points + self.current.affordable(budget)


def _value(row: dict[str, Any]) -> PointValue:
    return PointValue(
        row["effective_from"], int(row["points_per_unit"]), int(row["fiat_minor_units"])
    )


_SCHEDULE = (
    "SELECT effective_from, points_per_unit, fiat_minor_units FROM currency_value"
    " WHERE tenant_id = $1 AND currency_id = $2 ORDER BY effective_from"
)


async def schedule_in(
    connection: BaseDBAsyncClient, tenant_id: UUID, currency_id: UUID
) -> list[PointValue]:
    """The currency's values in order, the first from the epoch; call in the tenant's scope."""
    rows = await connection.execute_query_dict(_SCHEDULE, [tenant_id, currency_id])
    return [_value(row) for row in rows]


async def record_first_value(currency: Currency) -> None:
    """A new currency's value, in force from the epoch; call in its tenant's scope."""
    await CurrencyValue.create(
        tenant_id=currency.tenant_id, currency_id=currency.id, effective_from=EPOCH,
        points_per_unit=currency.points_per_unit, fiat_minor_units=currency.fiat_minor_units,
        actor="system",
    )  # fmt: skip


async def point_values(tenant_id: UUID) -> tuple[Currency, list[PointValue]] | None:
    """The tenant's currency and its values (the platform's PLAT has one, its own)."""
    async with tenant_scope(tenant_id) as connection:
        currency = await Currency.get_or_none(tenant_id=tenant_id)
        if currency is None:
            return None
        values = await schedule_in(connection, tenant_id, currency.id)
    first = PointValue(EPOCH, currency.points_per_unit, currency.fiat_minor_units)
    return currency, values or [first]


def _refused(message: str, field: str) -> LedgerError:
    return LedgerError(LedgerErrorCode.INVALID_INPUT, message, field)


async def schedule_point_value(
    tenant_id: UUID, points_per_unit: int, effective_from: datetime | None, actor: str
) -> list[PointValue]:
    """From `effective_from` (now when None; never in the past, at most five years ahead),
    `points_per_unit` points are worth one unit of the merchant's fiat. A change already
    scheduled for the same instant is replaced. Returns the schedule."""
    now = utcnow()
    at = now if effective_from is None else effective_from
    if at.tzinfo is None:
        raise _refused("Give effectiveFrom with its offset.", "effectiveFrom")
    if at < now - timedelta(seconds=1):
        raise _refused(
            "A new value starts now or later: points already issued keep theirs.",
            "effectiveFrom",
        )
    if at > now + MAX_LEAD:
        raise _refused("At most five years ahead.", "effectiveFrom")
    if not 1 <= points_per_unit <= MAX_POINTS_PER_FIAT_UNIT:
        raise LedgerError(
            LedgerErrorCode.INVALID_RATIO,
            f"Points per fiat unit must be 1-{MAX_POINTS_PER_FIAT_UNIT}.",
            "pointsPerFiatUnit",
        )
    async with tenant_scope(tenant_id) as connection:
        currency = await Currency.select_for_update().get(tenant_id=tenant_id)
        # (Times from here, not now(): Citus takes no STABLE function in an upsert's values.)
        await connection.execute_query(
            "INSERT INTO currency_value (id, tenant_id, currency_id, effective_from,"
            " points_per_unit, fiat_minor_units, actor, created_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            " ON CONFLICT (tenant_id, currency_id, effective_from) DO UPDATE"
            " SET points_per_unit = EXCLUDED.points_per_unit, actor = EXCLUDED.actor,"
            " created_at = EXCLUDED.created_at",
            [uuid7(), tenant_id, currency.id, max(at, utcnow()), points_per_unit,
             currency.fiat_minor_units, actor, utcnow()],
        )  # fmt: skip
        return await schedule_in(connection, tenant_id, currency.id)


async def cancel_point_value(tenant_id: UUID, effective_from: datetime) -> list[PointValue]:
    """Withdraw a change not yet in force; NOT_FOUND-like INVALID_INPUT when there is none."""
    async with tenant_scope(tenant_id) as connection:
        currency = await Currency.select_for_update().get(tenant_id=tenant_id)
        deleted = await connection.execute_query_dict(
            "DELETE FROM currency_value WHERE tenant_id = $1 AND currency_id = $2"
            " AND effective_from = $3 AND effective_from > now() RETURNING id",
            [tenant_id, currency.id, effective_from],
        )
        if not deleted:
            raise _refused("No change scheduled at that time (one in force stays).",
                           "effectiveFrom")  # fmt: skip
        return await schedule_in(connection, tenant_id, currency.id)


_FREE_BY_VALUE = (
    "SELECT l.remaining - l.reserved AS free, v.effective_from, v.points_per_unit,"
    " v.fiat_minor_units FROM lot l CROSS JOIN LATERAL (SELECT * FROM currency_value v"
    "  WHERE v.tenant_id = $1 AND v.currency_id = $3 AND v.effective_from <= l.earned_at"
    "  ORDER BY v.effective_from DESC LIMIT 1) v"
    " WHERE l.tenant_id = $1 AND l.wallet_id = $2 AND l.remaining > l.reserved"
    " AND (l.expires_at IS NULL OR l.expires_at > now())"
    " ORDER BY l.expires_at, l.earned_at, l.id"
)


async def member_worth(tenant_id: UUID, member_id: UUID) -> Worth:
    """What the member's free points are worth, in the order a debit would draw them."""
    async with tenant_scope(tenant_id) as connection:
        currency = await Currency.get(tenant_id=tenant_id)
        values = await schedule_in(connection, tenant_id, currency.id)
        wallet = await Account.get_or_none(
            kind=AccountKind.MEMBER_WALLET, owner_id=member_id, currency_id=currency.id
        )
        rows = []
        if wallet is not None:
            rows = await connection.execute_query_dict(
                _FREE_BY_VALUE, [tenant_id, wallet.id, currency.id]
            )
    tranches: list[Tranche] = []
    for row in rows:
        value = _value(row)
        if tranches and tranches[-1].value == value:
            tranches[-1] = Tranche(tranches[-1].points + int(row["free"]), value)
        else:
            tranches.append(Tranche(int(row["free"]), value))
    return Worth(tuple(tranches), in_force(values, utcnow()))


async def consumed_value(tenant_id: UUID, transfer_id: UUID) -> int:
    """What the points a debit consumed were worth, each lot at its own value, rounded down;
    call in the tenant's scope after posting it."""
    async with tenant_scope(tenant_id) as connection:
        rows = await connection.execute_query_dict(
            "SELECT a.amount, v.effective_from, v.points_per_unit, v.fiat_minor_units"
            " FROM lot_allocation a JOIN lot l ON l.tenant_id = a.tenant_id AND l.id = a.lot_id"
            " JOIN account w ON w.tenant_id = l.tenant_id AND w.id = l.wallet_id"
            " CROSS JOIN LATERAL"
            " (SELECT * FROM currency_value v WHERE v.tenant_id = $1"
            "  AND v.currency_id = w.currency_id AND v.effective_from <= l.earned_at"
            "  ORDER BY v.effective_from DESC LIMIT 1) v"
            " WHERE a.tenant_id = $1 AND a.transfer_id = $2 AND a.kind = 'CONSUME'",
            [tenant_id, transfer_id],
        )
    return int(sum((_value(row).worth(int(row["amount"])) for row in rows), Fraction(0)))


# Per time `at` and per value that is no longer the latest: points held at `at` from lots
# earned while it was in force (what they were credited, less what was drawn from them before
# `at`, plus what came back to them before `at`). Points held from the latest value are the
# rest, so a tenant whose value never changed reads no lots.
_HELD_FROM_EARLIER = (
    "WITH v AS (SELECT effective_from AS since,"
    "  lead(effective_from) OVER (ORDER BY effective_from) AS until"
    "  FROM currency_value WHERE tenant_id = $1 AND currency_id = $2),"
    " old AS (SELECT l.id, l.amount, l.earned_at, v.since FROM lot l"
    "  JOIN account w ON w.tenant_id = l.tenant_id AND w.id = l.wallet_id"
    "  AND w.currency_id = $2"
    "  JOIN v ON l.earned_at >= v.since AND l.earned_at < v.until"
    "  WHERE l.tenant_id = $1),"
    " moved AS (SELECT o.since, t.created_at AS at,"
    "  CASE a.kind WHEN 'RESTORE' THEN a.amount ELSE -a.amount END AS points"
    "  FROM old o JOIN lot_allocation a ON a.tenant_id = $1 AND a.lot_id = o.id"
    "  AND a.kind IN ('CONSUME', 'RESTORE')"
    "  JOIN transfer t ON t.tenant_id = a.tenant_id AND t.id = a.transfer_id)"
    " SELECT e.at, s.since,"
    "  (SELECT coalesce(sum(o.amount), 0) FROM old o"
    "   WHERE o.since = s.since AND o.earned_at < e.at)"
    "  + (SELECT coalesce(sum(m.points), 0) FROM moved m WHERE m.since = s.since AND m.at < e.at)"
    "  AS held"
    " FROM unnest($3::timestamptz[]) AS e(at)"
    " CROSS JOIN (SELECT since FROM v WHERE until IS NOT NULL) s"
)


async def held_values(
    connection: BaseDBAsyncClient,
    tenant_id: UUID,
    currency_id: UUID,
    held: list[tuple[datetime, int]],
) -> list[int]:
    """For each (time, points members held then): what those points were worth, each at the
    value it was earned under, rounded half up to the minor unit. Call in the tenant's scope."""
    values = await schedule_in(connection, tenant_id, currency_id)
    if len(values) == 1:
        return [half_up(values[0].worth(points)) for _, points in held]
    times = sorted({at for at, _ in held})
    rows = await connection.execute_query_dict(_HELD_FROM_EARLIER, [tenant_id, currency_id, times])
    by_value = {value.effective_from: value for value in values}
    earlier: dict[datetime, list[tuple[PointValue, int]]] = {}
    for row in rows:
        earlier.setdefault(row["at"], []).append((by_value[row["since"]], int(row["held"])))
    out = []
    for at, points in held:
        parts = earlier.get(at, [])
        rest = points - sum(n for _, n in parts)
        total = sum((value.worth(n) for value, n in parts), Fraction(0))
        out.append(half_up(total + in_force(values, at).worth(rest)))
    return out
