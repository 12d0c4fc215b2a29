"""Insights for the platform operator: what each merchant owes its members, exchange volumes,
settlement history and the platform's revenue from spreads.

Merchant figures are read one tenant at a time, each in its own tenant scope (the shape a
tenant-sharded database needs); the platform's own books (exchanges, obligations, batches)
live in the platform tenant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from uuid import UUID

from app.analytics.buckets import DateRange
from app.analytics.figures import Held, ReportBasis, liability_now, report_basis
from app.core.db import platform_scope, tenant_scope
from app.core.pagination import Page, PageRequest, fetch_page
from app.core.platform_tenant import PLATFORM_TENANT_ID
from tenants.models import Tenant


@dataclass(frozen=True)
class MerchantLiability:
    tenant_id: UUID
    slug: str
    name: str
    books: ReportBasis
    held: Held


async def merchant_liabilities(page: PageRequest) -> Page[MerchantLiability]:
    """Each merchant's outstanding points (what its members hold) and their value."""
    async with platform_scope():
        tenants = await fetch_page(Tenant.exclude(id=PLATFORM_TENANT_ID), page)
    items = []
    for tenant in tenants.items:
        books = await report_basis(tenant.id)
        items.append(
            MerchantLiability(
                tenant.id, tenant.slug, tenant.name, books, await liability_now(tenant.id, books)
            )
        )
    return tenants.holding(items)


@dataclass(frozen=True)
class PairVolume:
    from_code: str
    to_code: str
    exchanges: int
    points_in: int
    points_out: int
    value_minor: int
    fee_minor: int
    fiat_currency: str


@dataclass(frozen=True)
class SettlementTotals:
    fiat_currency: str
    batches: int
    approved: int
    obligations_minor: int
    platform_net_minor: int
    spread_minor: int


@dataclass(frozen=True)
class PlatformReport:
    pairs: list[PairVolume]
    spread_revenue: dict[str, int]
    settlement: list[SettlementTotals]


def utc_span(period: DateRange) -> tuple[datetime, datetime]:
    period = period.checked()
    start = datetime.combine(period.first, time(), UTC)
    return start, datetime.combine(period.last, time(), UTC) + timedelta(days=1)


async def platform_report(period: DateRange) -> PlatformReport:
    """Exchanges executed, spread earned and settlement batches closed in the range (UTC days)."""
    start, end = utc_span(period)
    async with tenant_scope(PLATFORM_TENANT_ID) as connection:
        pairs = await connection.execute_query_dict(
            "SELECT from_code, to_code, fiat_currency, count(*) AS n,"
            " sum(amount_in)::bigint AS points_in, sum(amount_out)::bigint AS points_out,"
            " sum(value_in_minor)::bigint AS value, sum(fee_minor)::bigint AS fee"
            " FROM exchange_quote WHERE tenant_id = $3 AND status = 'EXECUTED'"
            " AND executed_at >= $1 AND executed_at < $2 GROUP BY 1, 2, 3 ORDER BY n DESC, 1, 2",
            [start, end, PLATFORM_TENANT_ID],
        )
        spread = await connection.execute_query_dict(
            "SELECT fiat_currency, sum(amount_minor)::bigint AS amount FROM obligation"
            " WHERE tenant_id = $3 AND kind = 'SPREAD' AND created_at >= $1 AND created_at < $2"
            " GROUP BY 1",
            [start, end, PLATFORM_TENANT_ID],
        )
        batches = await connection.execute_query_dict(
            "SELECT fiat_currency, count(*) AS n, count(*) FILTER (WHERE status = 'APPROVED')"
            " AS approved, sum(obligations_total)::bigint AS total,"
            " sum(platform_net)::bigint AS net, sum(spread_minor)::bigint AS spread"
            " FROM settlement_batch WHERE tenant_id = $3 AND created_at >= $1 AND created_at < $2"
            " GROUP BY 1",
            [start, end, PLATFORM_TENANT_ID],
        )
    return PlatformReport(
        [
            PairVolume(
                row["from_code"],
                row["to_code"],
                row["n"],
                row["points_in"],
                row["points_out"],
                row["value"],
                row["fee"],
                row["fiat_currency"],
            )
            for row in pairs
        ],
        {row["fiat_currency"]: row["amount"] for row in spread},
        [
            SettlementTotals(
                row["fiat_currency"],
                row["n"],
                row["approved"],
                row["total"],
                row["net"],
                row["spread"],
            )
            for row in batches
        ],
    )
