"""Analytics queries, and the same figures computed straight from the transfers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
import httpx

from app.core.citus import FAN_OUT
from app.core.db import database_credentials
from app.core.settings import Settings
from tests.api.graphql import gql, post

SHANGHAI = ZoneInfo("Asia/Shanghai")
FLOWS = """issued issuedBySource { source points } redeemed returned expired adjusted
  exchangedOut net"""
ANALYTICS = f"""query($r: DateRangeInput!, $g: Granularity! = DAY) {{
  analytics(range: $r, granularity: $g) {{
    from to timeZone currency pendingPoints liability {{ points value {{ amount currency }} }}
    totals {{ {FLOWS} }}
    breakageRate {{ part whole basisPoints }} redemptionRate {{ part whole basisPoints }}
    buckets {{ from to newMembers flows {{ {FLOWS} }} closingLiability {{ points }} }}
  }} }}"""
MEMBERS = """query($r: DateRangeInput!, $d: Int! = 30) { analytics(range: $r) {
  members(activeDays: $d) { total active new byTier { name members } } } }"""
REWARDS = """query($r: DateRangeInput!, $by: RewardRanking! = REDEMPTIONS) { analytics(range: $r) {
  topRewards(by: $by) { name redemptions points }
  redemptionsByHour { hour redemptions points } redemptionsByWeekday { weekday redemptions } } }"""
CAMPAIGNS = """query($r: DateRangeInput!) { analytics(range: $r) {
  campaigns { name purchases points sales { amount currency } } } }"""
AT_RISK = """query($days: Int!, $min: Points! = 1, $first: Int! = 20, $after: String) {
  atRiskMembers(inactiveDays: $days, minBalance: $min, first: $first, after: $after) {
    totalCount totalPoints
    page { nodes { externalId available lastActivityAt expiringPoints nextExpiry }
           pageInfo { hasNextPage endCursor } } } }"""
RECOMMENDED = """query($member: ID, $first: Int! = 10) {
  recommendedRewards(memberId: $member, first: $first) {
    reward { name canRedeem blocker } pricePoints affordable pointsShort tierRedemptions } }"""


def today() -> date:
    return datetime.now(SHANGHAI).date()


def days(first: date, last: date | None = None) -> dict[str, str]:
    return {"from": first.isoformat(), "to": (last or first).isoformat()}


async def analytics(
    client: httpx.AsyncClient, token: str, first: date, last: date | None = None, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = (await gql(client, ANALYTICS, {"r": days(first, last), **extra}, token))[
        "analytics"
    ]
    return data


async def refusal(
    client: httpx.AsyncClient, document: str, variables: dict[str, Any], token: str | None
) -> str:
    """The code of the error a query is refused with ("OK" when it is answered)."""
    body = (await post(client, document, variables, token)).json()
    if body.get("errors"):
        code: str = body["errors"][0].get("extensions", {}).get("code", "GRAPHQL_ERROR")
        return code
    return "OK"


# The same figures from the transfers themselves: wallet-side posted movements by the kind of
# account on the other side (not the rollup's `points_flow`).
DIRECT = """
SELECT
  coalesce(sum(t.amount) FILTER (WHERE c.kind = 'MEMBER_WALLET'
    AND d.kind IN ('ISSUANCE', 'EXCHANGE_CLEARING', 'TREASURY')), 0) AS issued,
  coalesce(sum(t.amount) FILTER (WHERE d.kind = 'MEMBER_WALLET'
    AND c.kind IN ('REDEMPTION', 'DONATION')), 0) AS spent,
  coalesce(sum(t.amount) FILTER (WHERE c.kind = 'MEMBER_WALLET'
    AND d.kind IN ('REDEMPTION', 'DONATION')), 0) AS returned,
  coalesce(sum(t.amount) FILTER (WHERE d.kind = 'MEMBER_WALLET' AND c.kind = 'BREAKAGE'), 0)
    AS expired,
  coalesce(sum(t.amount) FILTER (WHERE d.kind = 'MEMBER_WALLET'
    AND c.kind IN ('ISSUANCE', 'CLAWBACK_LOSS')), 0) AS adjusted,
  coalesce(sum(t.amount) FILTER (WHERE d.kind = 'MEMBER_WALLET'
    AND c.kind = 'EXCHANGE_CLEARING'), 0) AS exchanged_out
FROM transfer t JOIN account d ON d.tenant_id = t.tenant_id AND d.id = t.debit_account_id
JOIN account c ON c.tenant_id = t.tenant_id AND c.id = t.credit_account_id
WHERE t.tenant_id = $1 AND t.phase IN ('SINGLE', 'POST') AND t.created_at >= $2
  AND t.created_at < $3
"""
HELD = (
    "SELECT coalesce(sum(posted), 0) FROM account WHERE tenant_id = $1 AND kind = 'MEMBER_WALLET'"
)


async def from_transfers(
    settings: Settings, tenant_id: str, first: date, last: date | None = None
) -> dict[str, int]:
    """Flows over local days `first`..`last` and what members hold now, from raw rows."""
    start = datetime(first.year, first.month, first.day, tzinfo=SHANGHAI).astimezone(UTC)
    final = last or first
    end = datetime(final.year, final.month, final.day, tzinfo=SHANGHAI).astimezone(UTC)
    end += timedelta(days=1)
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        row = await connection.fetchrow(DIRECT, UUID(tenant_id), start, end)
        held = await connection.fetchval(HELD, UUID(tenant_id))
    finally:
        await connection.close()
    assert row is not None
    figures = {key: int(value) for key, value in row.items()}
    return figures | {"redeemed": figures["spent"] - figures["returned"], "held": int(held)}


async def owner_sql(settings: Settings, query: str, *args: object) -> Any:
    """One statement as the database owner: a hand edit (what a test needs to move time
    along), or a figure read across tenants; returns the first column of the first row."""
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        await connection.execute(FAN_OUT)  # a hand edit may touch any shard (on Citus)
        return await connection.fetchval(query, *args)
    finally:
        await connection.close()
