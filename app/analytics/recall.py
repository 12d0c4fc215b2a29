"""Recall lists (流失召回): members who have gone quiet while holding points, with what expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from app.analytics.figures import MAX_ACTIVE_DAYS, basis_in, within_period
from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.pagination import Page, PageRequest
from app.core.tenant_routing import required_tenant
from app.ledger.accounts import MAX_AMOUNT


@dataclass(frozen=True)
class AtRiskMember:
    wallet_id: UUID
    member_id: UUID
    external_id: str
    display_name: str
    available: int
    last_activity_at: datetime | None
    expiring: int
    next_expiry: datetime | None


@dataclass(frozen=True)
class AtRiskQuery:
    inactive_days: int
    min_balance: int
    expiring_within_days: int = 30

    def checked(self) -> AtRiskQuery:
        within_period(self.inactive_days, MAX_ACTIVE_DAYS, "inactiveDays")
        within_period(self.min_balance, MAX_AMOUNT, "minBalance")
        within_period(self.expiring_within_days, MAX_ACTIVE_DAYS, "expiringWithinDays")
        return self


_AT_RISK = (
    " a.tenant_id = $1 AND a.kind = 'MEMBER_WALLET' AND a.currency_id = $2"
    " AND (a.last_activity_at IS NULL OR a.last_activity_at < $3)"
    " AND a.posted - a.pending_dr >= $4"
)


_AT_RISK_PAGE = (
    "SELECT a.id, a.owner_id, a.posted - a.pending_dr AS available, a.last_activity_at,"  # noqa: S608 - constants
    " m.external_id, m.display_name FROM account a JOIN member m ON m.id = a.owner_id"
    " WHERE" + _AT_RISK + " AND a.id > $5 ORDER BY a.id LIMIT $6"
)


_AT_RISK_TOTAL = (
    "SELECT count(*) AS n, coalesce(sum(a.posted - a.pending_dr), 0)::bigint AS points"  # noqa: S608 - constants
    " FROM account a WHERE" + _AT_RISK
)


async def at_risk_members(
    tenant_id: UUID, query: AtRiskQuery, page: PageRequest
) -> Page[AtRiskMember]:
    """Members holding at least `min_balance` points who have neither earned nor spent for
    `inactive_days` (流失用户召回), by wallet, with the points expiring soon."""
    query = query.checked()
    async with tenant_scope(tenant_id) as connection:
        books = await basis_in(connection, tenant_id)
        cutoff = utcnow() - timedelta(days=query.inactive_days)
        rows = await connection.execute_query_dict(
            _AT_RISK_PAGE,
            [
                tenant_id,
                books.currency_id,
                cutoff,
                query.min_balance,
                page.after or UUID(int=0),
                page.first + 1,
            ],
        )
        expiring = await _expiring(
            connection, [row["id"] for row in rows], query.expiring_within_days
        )
    items = [_at_risk(row, expiring) for row in rows[: page.first]]
    return Page(items, len(rows) > page.first, has_previous_page=page.after is not None)


async def at_risk_summary(tenant_id: UUID, query: AtRiskQuery) -> tuple[int, int]:
    """How many members are at risk, and the points they hold."""
    query = query.checked()
    async with tenant_scope(tenant_id) as connection:
        books = await basis_in(connection, tenant_id)
        cutoff = utcnow() - timedelta(days=query.inactive_days)
        rows = await connection.execute_query_dict(
            _AT_RISK_TOTAL,
            [tenant_id, books.currency_id, cutoff, query.min_balance],
        )
    return rows[0]["n"], rows[0]["points"]


async def _expiring(
    connection: BaseDBAsyncClient, wallets: list[Any], days: int
) -> dict[UUID, tuple[int, datetime]]:
    if not wallets:
        return {}
    rows = await connection.execute_query_dict(
        "SELECT wallet_id, sum(remaining - reserved)::bigint AS points, min(expires_at) AS first"
        " FROM lot WHERE tenant_id = $3 AND wallet_id = ANY($1::uuid[]) AND remaining > 0"
        " AND remaining > reserved AND expires_at IS NOT NULL"
        " AND expires_at < now() + make_interval(days => $2) GROUP BY wallet_id",
        [wallets, days, required_tenant()],
    )
    return {UUID(str(row["wallet_id"])): (row["points"], row["first"]) for row in rows}


def _at_risk(row: dict[str, Any], expiring: dict[UUID, tuple[int, datetime]]) -> AtRiskMember:
    wallet = UUID(str(row["id"]))
    points, first = expiring.get(wallet, (0, None))
    return AtRiskMember(
        wallet,
        UUID(str(row["owner_id"])),
        row["external_id"],
        row["display_name"],
        row["available"],
        row["last_activity_at"],
        points,
        first,
    )
