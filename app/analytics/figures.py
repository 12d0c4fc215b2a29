"""A merchant's figures from the hourly rollups: liability, flows by source per bucket, members,
top rewards, redemptions by hour and weekday, campaign results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient

from app.analytics.buckets import (
    Bucket,
    DateRange,
    Granularity,
    Ratio,
    buckets,
    local_midnight,
)
from app.analytics.errors import AnalyticsError, AnalyticsErrorCode
from app.analytics.flows import Flows, closing_liabilities
from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.pagination import MAX_PAGE_SIZE
from app.core.tenant_routing import required_tenant
from app.ledger.accounts import AccountKind
from app.ledger.valuation import held_values

SYSTEM_KINDS = [kind.value for kind in AccountKind if kind is not AccountKind.MEMBER_WALLET]


MAX_ACTIVE_DAYS = 3660


@dataclass(frozen=True)
class ReportBasis:
    """The tenant's point currency and the time zone its days are counted in."""

    currency_id: UUID
    code: str
    fiat_currency: str
    fiat_minor_units: int
    points_per_unit: int
    zone: ZoneInfo


@dataclass(frozen=True)
class Held:
    """Points members hold, and their value in minor units: each point at the value in force
    when it was earned (a change of the point's value never revalues points issued before it)."""

    points: int
    value: int


@dataclass(frozen=True)
class BucketFlows:
    bucket: Bucket
    flows: Flows
    closing_liability: Held
    new_members: int


@dataclass(frozen=True)
class FlowReport:
    books: ReportBasis
    buckets: list[BucketFlows]
    totals: Flows
    liability: Held
    pending: int

    @property
    def breakage_rate(self) -> Ratio:
        return Ratio(self.totals.expired, self.totals.issued_total)

    @property
    def redemption_rate(self) -> Ratio:
        return Ratio(self.totals.redeemed_net, self.totals.issued_total)


async def report_basis(tenant_id: UUID) -> ReportBasis:
    async with tenant_scope(tenant_id) as connection:
        return await basis_in(connection, tenant_id)


async def basis_in(connection: BaseDBAsyncClient, tenant_id: UUID) -> ReportBasis:
    rows = await connection.execute_query_dict(
        "SELECT c.id, c.code, c.fiat_currency, c.fiat_minor_units, c.points_per_unit,"
        " t.time_zone FROM currency c JOIN tenant t ON t.id = c.tenant_id WHERE c.tenant_id = $1",
        [tenant_id],
    )
    row = rows[0]
    return ReportBasis(
        UUID(str(row["id"])),
        row["code"],
        row["fiat_currency"],
        row["fiat_minor_units"],
        row["points_per_unit"],
        ZoneInfo(row["time_zone"]),
    )


# What members hold is what the tenant's system accounts gave out: a few rows, not every wallet.
_LIABILITY = (
    "SELECT -coalesce(sum(posted), 0)::bigint AS points FROM account"
    " WHERE tenant_id = $1 AND currency_id = $2 AND kind = ANY($3::text[])"
)


_FLOWS = (
    "SELECT width_bucket(hour, $4::timestamptz[]) AS bucket, dim, sum(amount)::bigint AS points"  # noqa: S608 - constants
    " FROM analytics_rollup WHERE tenant_id = $1 AND metric = 'points'"
    " AND hour >= ($4::timestamptz[])[1]"
    " GROUP BY 1, 2"
    " UNION ALL SELECT -1, 'LIABILITY', (" + _LIABILITY + ")"
    " UNION ALL SELECT -2, 'PENDING', coalesce(sum(pending_dr), 0)::bigint FROM account"
    " WHERE tenant_id = $1 AND currency_id = $2 AND kind = 'ISSUANCE'"
)


_NEW_MEMBERS = (
    "SELECT width_bucket(hour, $2::timestamptz[]) AS bucket, sum(count)::bigint AS n"
    " FROM analytics_rollup WHERE tenant_id = $1 AND metric = 'members'"
    " AND hour >= ($2::timestamptz[])[1] AND hour < $3 GROUP BY 1"
)


async def liability_now(tenant_id: UUID, books: ReportBasis) -> Held:
    """The points the tenant's members hold now, and their value."""
    async with tenant_scope(tenant_id) as connection:
        rows = await connection.execute_query_dict(
            _LIABILITY, [tenant_id, books.currency_id, SYSTEM_KINDS]
        )
        points = int(rows[0]["points"])
        values = await held_values(connection, tenant_id, books.currency_id, [(utcnow(), points)])
    return Held(points, values[0])


async def points_flows(tenant_id: UUID, period: DateRange, granularity: Granularity) -> FlowReport:
    """Points issued (by source), redeemed, expired, adjusted and exchanged out per bucket, the
    liability at each bucket's end, and new members per bucket."""
    period = period.checked()
    async with tenant_scope(tenant_id) as connection:
        books = await basis_in(connection, tenant_id)
        cut = buckets(period, granularity, books.zone)
        edges = [b.start for b in cut] + [cut[-1].end]
        rows = await connection.execute_query_dict(
            _FLOWS, [tenant_id, books.currency_id, SYSTEM_KINDS, edges]
        )
        joined = await connection.execute_query_dict(_NEW_MEMBERS, [tenant_id, edges, edges[-1]])
        flows = [Flows() for _ in cut]
        after, liability, pending = Flows(), 0, 0
        for row in rows:
            index = row["bucket"]
            if index == -1:
                liability = row["points"]
            elif index == -2:
                pending = row["points"]
            else:
                (flows[index - 1] if index <= len(cut) else after).add(row["dim"], row["points"])
        levels = closing_liabilities(flows, liability - after.net)
        # A bucket ending later than now holds what is held now, at the values in force now.
        now = utcnow()
        held = [(min(b.end, now), level) for b, level in zip(cut, levels, strict=True)]
        values = await held_values(
            connection, tenant_id, books.currency_id, [*held, (now, liability)]
        )
    new = {row["bucket"]: row["n"] for row in joined}
    closing = [Held(level, value) for level, value in zip(levels, values, strict=False)]
    totals = Flows()
    for bucket_flows in flows:
        totals = totals.merged(bucket_flows)
    return FlowReport(
        books,
        [
            BucketFlows(bucket, bucket_flows, level, new.get(index, 0))
            for index, (bucket, bucket_flows, level) in enumerate(
                zip(cut, flows, closing, strict=True), start=1
            )
        ],
        totals,
        Held(liability, values[-1]),
        pending,
    )


@dataclass(frozen=True)
class TierCount:
    tier_id: UUID
    name: str
    members: int


@dataclass(frozen=True)
class MemberCounts:
    total: int
    active: int
    new: int
    by_tier: list[TierCount]


_MEMBER_COUNTS = (
    "SELECT coalesce(sum(count) FILTER (WHERE metric = 'members'), 0)::bigint AS total,"
    " coalesce(sum(count) FILTER (WHERE metric = 'members' AND hour >= $2 AND hour < $3), 0)"
    "  ::bigint AS new,"
    " coalesce(sum(count) FILTER (WHERE metric = 'last_active' AND hour >= $4), 0)::bigint"
    "  AS active"
    " FROM analytics_rollup WHERE tenant_id = $1"
    " AND (metric = 'members' OR (metric = 'last_active' AND hour >= $4))"
)


_TIER_COUNTS = (
    "SELECT t.id, t.name, count(m.member_id) AS n FROM tier t"
    " LEFT JOIN member_tier m ON m.tenant_id = t.tenant_id"
    "  AND t.id = CASE WHEN m.override_tier_id IS NOT NULL"
    "  AND (m.override_until IS NULL OR m.override_until > now())"
    "  THEN m.override_tier_id ELSE m.tier_id END"
    " WHERE t.tenant_id = $1 GROUP BY t.id, t.name, t.rank ORDER BY t.rank"
)


async def member_counts(tenant_id: UUID, period: DateRange, active_days: int) -> MemberCounts:
    """Members in all, active (earned or spent on one of the last `active_days` local days,
    today included), new in the range, and per tier now. The first three are sums of the
    `members` and `last_active` rollups; tiers are counted from the members' tier rows (an
    override ends by the clock, with no write to count it by)."""
    within_period(active_days, MAX_ACTIVE_DAYS, "activeDays")
    async with tenant_scope(tenant_id) as connection:
        books = await basis_in(connection, tenant_id)
        start, end = _span(period, books)
        today = datetime.now(books.zone).date()
        since = local_midnight(today - timedelta(days=active_days - 1), books.zone)
        counts = (
            await connection.execute_query_dict(_MEMBER_COUNTS, [tenant_id, start, end, since])
        )[0]
        tiers = await connection.execute_query_dict(_TIER_COUNTS, [tenant_id])
    by_tier = [TierCount(UUID(str(t["id"])), t["name"], t["n"]) for t in tiers]
    if by_tier:
        # Members without a tier row yet are in the lowest tier (as tier_standing has it).
        lowest = by_tier[0]
        untiered = counts["total"] - sum(t.members for t in by_tier)
        by_tier[0] = TierCount(lowest.tier_id, lowest.name, lowest.members + untiered)
    return MemberCounts(counts["total"], counts["active"], counts["new"], by_tier)


@dataclass(frozen=True)
class RewardCount:
    reward_id: UUID
    name: str
    redemptions: int
    points: int


# Summed first, named after: only the `first` winners are joined to their rewards.
_TOP = (
    "SELECT t.dim, t.n, t.points, w.name FROM (SELECT dim, sum(count)::bigint AS n,"
    " sum(amount)::bigint AS points FROM analytics_rollup WHERE tenant_id = $1"
    " AND metric = 'reward' AND hour >= $2 AND hour < $3 GROUP BY dim HAVING sum(count) > 0"
    " ORDER BY {order}, dim LIMIT $4) t JOIN reward w ON w.tenant_id = $1 AND w.id = t.dim::uuid"
    " ORDER BY {order}, t.dim"
)


_TOP_BY_ORDERS = _TOP.format(order="n DESC, points DESC")


_TOP_BY_POINTS = _TOP.format(order="points DESC, n DESC")


async def top_rewards(
    tenant_id: UUID, period: DateRange, by_points: bool, first: int
) -> list[RewardCount]:
    """The rewards with the most orders (or points) placed in the range that still stand."""
    within_period(first, MAX_PAGE_SIZE, "first")
    async with tenant_scope(tenant_id) as connection:
        start, end = _span(period, await basis_in(connection, tenant_id))
        rows = await connection.execute_query_dict(
            _TOP_BY_POINTS if by_points else _TOP_BY_ORDERS, [tenant_id, start, end, first]
        )
    return [RewardCount(UUID(row["dim"]), row["name"], row["n"], row["points"]) for row in rows]


@dataclass(frozen=True)
class RedemptionTimes:
    """Orders (and their points) by local hour of day 0-23 and ISO weekday 1-7 (Monday 1)."""

    by_hour: list[tuple[int, int]]
    by_weekday: list[tuple[int, int]]


async def redemption_times(tenant_id: UUID, period: DateRange) -> RedemptionTimes:
    async with tenant_scope(tenant_id) as connection:
        books = await basis_in(connection, tenant_id)
        start, end = _span(period, books)
        rows = await connection.execute_query_dict(
            "SELECT extract(hour FROM hour AT TIME ZONE $4)::int AS h,"
            " extract(isodow FROM hour AT TIME ZONE $4)::int AS d,"
            " sum(count)::bigint AS n, sum(amount)::bigint AS points"
            " FROM analytics_rollup WHERE tenant_id = $1 AND metric = 'orders'"
            " AND hour >= $2 AND hour < $3 GROUP BY 1, 2",
            [tenant_id, start, end, books.zone.key],
        )
    hours, days = [[0, 0] for _ in range(24)], [[0, 0] for _ in range(7)]
    for row in rows:
        for slot in (hours[row["h"]], days[row["d"] - 1]):
            slot[0] += row["n"]
            slot[1] += row["points"]
    return RedemptionTimes([(n, p) for n, p in hours], [(n, p) for n, p in days])


@dataclass(frozen=True)
class CampaignResult:
    campaign_id: UUID
    name: str
    purchases: int
    points: int
    sales: dict[str, int]


async def campaign_results(tenant_id: UUID, period: DateRange) -> list[CampaignResult]:
    """Per campaign: the purchases recorded in the range it added points to, those points, and
    what those purchases came to (minor units per fiat currency)."""
    async with tenant_scope(tenant_id) as connection:
        start, end = _span(period, await basis_in(connection, tenant_id))
        rows = await connection.execute_query_dict(
            "SELECT r.metric, r.dim, sum(r.count)::bigint AS n, sum(r.amount)::bigint AS amount"
            " FROM analytics_rollup r WHERE r.tenant_id = $1"
            " AND r.metric IN ('campaign', 'campaign_sales') AND r.hour >= $2 AND r.hour < $3"
            " GROUP BY 1, 2",
            [tenant_id, start, end],
        )
        names = await _campaign_names(connection, {_campaign_of(row["dim"]) for row in rows})
    results: dict[UUID, CampaignResult] = {}
    for row in sorted(rows, key=lambda r: r["metric"]):
        campaign = _campaign_of(row["dim"])
        if row["metric"] == "campaign":
            results[campaign] = CampaignResult(
                campaign, names.get(campaign, ""), row["n"], row["amount"], {}
            )
        elif campaign in results:
            results[campaign].sales[row["dim"].split(":")[1]] = row["amount"]
    return sorted(results.values(), key=lambda r: (-r.points, str(r.campaign_id)))


def _campaign_of(dim: str) -> UUID:
    return UUID(dim.split(":")[0])


async def _campaign_names(connection: BaseDBAsyncClient, ids: set[UUID]) -> dict[UUID, str]:
    if not ids:
        return {}
    rows = await connection.execute_query_dict(
        "SELECT id, name FROM campaign WHERE tenant_id = $2 AND id = ANY($1::uuid[])",
        [list(ids), required_tenant()],
    )
    return {UUID(str(row["id"])): row["name"] for row in rows}


def _span(period: DateRange, books: ReportBasis) -> tuple[datetime, datetime]:
    """The range as UTC instants [start, end) in the tenant's time zone."""
    whole = buckets(period.checked(), Granularity.MONTH, books.zone)
    return whole[0].start, whole[-1].end


def within_period(value: int, most: int, field: str) -> None:
    """Refuse an argument outside 1..`most`."""
    if not 1 <= value <= most:
        raise AnalyticsError(
            AnalyticsErrorCode.INVALID_ARGUMENT, f"{field} must be 1 to {most}.", field
        )
