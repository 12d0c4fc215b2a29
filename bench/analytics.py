"""Analytics at 100k, 1M and 10M transfers in one tenant: each query's time as the ledger grows.

    .venv/bin/python -m bench.analytics [--steps 100000,1000000,10000000] [--repeat 5]

Seeds a scratch database (DATABASE_URL's server; embedded when unset) with one merchant: 20
rewards, 2 campaigns, the default tiers, and one member per 50 transfers. Transfers are spread
over the last 365 days: purchases (a third with a campaign line), check-ins, tasks, referrals,
manual awards, redemptions (each with its order), deductions and expiries. They go in straight
in SQL with triggers off (balances, lots, last activity and rollups are then set in bulk,
`analytics_rollup_rebuild` writing the rollups the triggers would have kept, then compacted as
the hourly job leaves them). At each size the
queries run through the GraphQL schema in-process (ASGI, no network), `--repeat` times after a
warm-up, and the median is printed. The baseline, measured in the same run, is the 30-day flows
computed straight from the transfers (the query the rollups replace).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
import httpx
from tortoise import Tortoise

from app.analytics.buckets import local_midnight
from app.catalog.models import RewardType
from app.catalog.service import RewardSpec, create_reward
from app.core.db import database_credentials, tortoise_config
from app.core.embedded import with_embedded_services
from app.core.migrate import run_migrations
from app.core.settings import Settings, load_settings
from app.earning.programme import create_campaign
from app.earning.rules import CampaignKind
from app.earning.specs import CampaignSpec
from app.ledger.currencies import CurrencySpec
from app.main import create_app
from app.onboarding import MerchantSignUp, sign_up_merchant
from bench.ledger import scratch_settings
from tenants.clock import DEFAULT_TIME_ZONE
from tenants.tokens import TokenIssuer

TRANSFERS_PER_MEMBER = 50
BATCH = 500_000
WELCOME = 10_000
PASSWORD = "Bench-pass-12345"  # noqa: S105 - a scratch database's owner

# One generated transfer: (share of all, code, debit side, credit side, min, max points).
MIX = [
    (30, "PURCHASE", "ISSUANCE", "WALLET", 50, 500),
    (15, "CAMPAIGN_PURCHASE", "ISSUANCE", "WALLET", 100, 800),
    (15, "CHECK_IN", "ISSUANCE", "WALLET", 5, 20),
    (5, "EVENT", "ISSUANCE", "WALLET", 10, 100),
    (2, "REFERRAL", "ISSUANCE", "WALLET", 100, 200),
    (3, "AWARD", "ISSUANCE", "WALLET", 10, 1_000),
    (20, "REDEMPTION", "WALLET", "REDEMPTION", 10, 60),
    (5, "DEDUCT", "WALLET", "REDEMPTION", 5, 40),
    (5, "EXPIRE", "WALLET", "BREAKAGE", 5, 40),
]

SEED_SQL = """
CREATE TEMP TABLE gen ON COMMIT DROP AS
SELECT n, uuid7() AS journal_id, uuid7() AS transfer_id,
       now() - make_interval(secs => (random() * 365 * 86400)::int) AS at,
       1 + floor(random() * $2::int)::int AS member_no, random() AS r1, random() AS r2
  FROM generate_series($1::bigint + 1, $1::bigint + $3::bigint) n
"""


def _case(column: int) -> str:
    """A CASE over the mix's cumulative shares picking field `column` for r1."""
    total, parts = sum(m[0] for m in MIX), []
    edge = 0.0
    for share, *fields in MIX:
        edge += share / total
        parts.append(f"WHEN r1 < {edge:.6f} THEN {fields[column]!r}")
    return "CASE " + " ".join(parts) + " END"


async def seed_merchant(settings: Settings) -> tuple[UUID, str, list[UUID], list[UUID]]:
    """The merchant, its owner's email, its rewards and campaigns."""
    await Tortoise.init(config=tortoise_config(settings))
    try:
        tag = secrets.token_hex(3)
        signup = MerchantSignUp(
            f"Analytics {tag}",
            f"analytics-{tag}",
            f"owner-{tag}@example.com",
            PASSWORD,
            CurrencySpec("STAR", "Stars", "CNY", 100),
        )
        tenant = (await sign_up_merchant(signup, TokenIssuer(settings), settings)).tenant_id
        rewards = [
            (await create_reward(tenant, RewardSpec(f"Reward {n}", RewardType.SERVICE, 20 + 40 * n,
                                                     stock=1_000_000))).id
            for n in range(20)
        ]  # fmt: skip
        now = datetime.now(UTC)
        campaigns = [
            (
                await create_campaign(
                    tenant,
                    CampaignSpec(f"Campaign {n}", CampaignKind.MULTIPLIER,
                                 now - timedelta(days=400), now + timedelta(days=30), "2"),
                )
            ).id
            for n in range(2)
        ]  # fmt: skip
        return tenant, signup.owner_email, rewards, campaigns
    finally:
        await Tortoise.close_connections()


async def grow(
    db: asyncpg.Connection,
    tenant: UUID,
    rewards: list[UUID],
    campaigns: list[UUID],
    have: int,
    target: int,
) -> None:
    """Add members and transfers until the tenant holds `target` generated transfers."""
    currency = await db.fetchval("SELECT id FROM currency WHERE tenant_id = $1", tenant)
    members = target // TRANSFERS_PER_MEMBER
    await db.execute("SET session_replication_role = replica")
    await _add_members(db, tenant, currency, members)
    total_members = await db.fetchval("SELECT count(*)::int FROM bench_members")
    for offset in range(have, target, BATCH):
        size = min(BATCH, target - offset)
        async with db.transaction():
            await db.execute(SEED_SQL, offset, total_members, size)
            await _insert_batch(db, tenant, currency, rewards, campaigns)
        print(f"  {offset + size:>11,} transfers", flush=True)
    await _settle_balances(db, tenant, currency)
    await db.execute("RESET session_replication_role")
    await db.execute("SELECT analytics_rollup_rebuild($1)", tenant)
    # As the hourly compaction job leaves them: past hours one row each, past days one row each.
    zone = ZoneInfo(DEFAULT_TIME_ZONE)
    midnight = local_midnight(datetime.now(zone).date(), zone)
    await db.execute(
        "SELECT analytics_rollup_compact($1, date_trunc('hour', now(), 'UTC'), $2, $3)",
        tenant,
        midnight,
        zone.key,
    )
    # As a live database has them: the bulk rebuild above rewrote every rollup row twice,
    # which a running system never does (compaction churns an hour's rows at a time and
    # autovacuum reuses the space), so the table is rewritten to its live size; and as
    # autovacuum leaves the rest (visibility map set, statistics fresh).
    await db.execute("VACUUM FULL analytics_rollup")
    await db.execute("VACUUM ANALYZE")


async def _add_members(db: asyncpg.Connection, tenant: UUID, currency: UUID, total: int) -> None:
    await db.execute(
        "CREATE TABLE IF NOT EXISTS bench_members"
        " (no int PRIMARY KEY, id uuid NOT NULL, wallet uuid NOT NULL)"
    )
    have = await db.fetchval("SELECT count(*) FROM bench_members")
    if total <= have:
        return
    issuance = await _system(db, tenant, "ISSUANCE")
    async with db.transaction():
        await db.execute(
            "CREATE TEMP TABLE fresh ON COMMIT DROP AS SELECT uuid7() AS id, uuid7() AS wallet,"
            " uuid7() AS journal_id, uuid7() AS transfer_id, n,"
            " now() - interval '400 days' + make_interval(secs => (random() * 30 * 86400)::int)"
            " AS at FROM generate_series($1::int + 1, $2::int) n",
            have,
            total,
        )
        await db.execute(
            "INSERT INTO member (id, tenant_id, external_id, display_name, attributes, status,"
            " created_at, updated_at) SELECT id, $1, 'm' || n, 'Member ' || n, '{}', 'ACTIVE',"
            " at, at FROM fresh",
            tenant,
        )
        await db.execute(
            "INSERT INTO account (id, tenant_id, currency_id, kind, owner_id, slot, posted,"
            " pending_dr, pending_cr, version, no_overdraft, created_at) SELECT wallet, $1, $2,"
            " 'MEMBER_WALLET', id, 0, 0, 0, 0, 0, true, at FROM fresh",
            tenant,
            currency,
        )
        await db.execute(
            "INSERT INTO journal (id, tenant_id, code, reason, actor, metadata, created_at)"
            " SELECT journal_id, $1, 'AWARD', 'Welcome', 'bench', '{}', at FROM fresh",
            tenant,
        )
        await db.execute(
            "INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,"
            " credit_account_id, amount, phase, code, created_at) SELECT transfer_id, $1,"
            " journal_id, $2, $3, wallet, $4, 'SINGLE', 'AWARD', at FROM fresh",
            tenant,
            currency,
            issuance,
            WELCOME,
        )
        await db.execute(
            "INSERT INTO member_tier (member_id, tenant_id, tier_id, since)"
            " SELECT f.id, $1, (SELECT id FROM tier WHERE tenant_id = $1"
            "  ORDER BY rank OFFSET (f.n % 4) LIMIT 1), f.at FROM fresh f WHERE f.n % 3 = 0",
            tenant,
        )
        await db.execute("INSERT INTO bench_members SELECT n, id, wallet FROM fresh")


async def _system(db: asyncpg.Connection, tenant: UUID, kind: str) -> UUID:
    account: UUID = await db.fetchval(
        "SELECT id FROM account WHERE tenant_id = $1 AND kind = $2 AND slot = 0", tenant, kind
    )
    return account


async def _insert_batch(
    db: asyncpg.Connection, tenant: UUID, currency: UUID, rewards: list[UUID], campaigns: list[UUID]
) -> None:
    code, debit, credit, low, high = (_case(i) for i in range(5))
    accounts = {
        kind: await _system(db, tenant, kind) for kind in ("ISSUANCE", "REDEMPTION", "BREAKAGE")
    }
    await db.execute(
        "CREATE TEMP TABLE moves ON COMMIT DROP AS SELECT g.*, w.id AS member_id, w.wallet,"  # noqa: S608 - constants
        f" {code} AS kind, {debit} AS debit_side, {credit} AS credit_side,"
        f" ({low} + floor(r2 * ({high} - {low})))::bigint AS amount"
        " FROM gen g JOIN bench_members w ON w.no = g.member_no"
    )
    await db.execute(
        "INSERT INTO journal (id, tenant_id, code, reason, actor, metadata, created_at)"
        " SELECT journal_id, $1, CASE WHEN kind = 'CAMPAIGN_PURCHASE' THEN 'PURCHASE'"
        " ELSE kind END, 'Seeded', 'bench', '{}', at FROM moves",
        tenant,
    )
    await db.execute(
        "INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,"
        " credit_account_id, amount, phase, code, created_at)"
        " SELECT transfer_id, $1, journal_id, $2,"
        " CASE WHEN debit_side = 'WALLET' THEN wallet ELSE ($3::jsonb->>debit_side)::uuid END,"
        " CASE WHEN credit_side = 'WALLET' THEN wallet ELSE ($3::jsonb->>credit_side)::uuid END,"
        " amount, 'SINGLE', CASE WHEN kind = 'CAMPAIGN_PURCHASE' THEN 'PURCHASE' ELSE kind END, at"
        " FROM moves",
        tenant,
        currency,
        _json({kind: str(account) for kind, account in accounts.items()}),
    )
    await db.execute(
        "INSERT INTO redemption_order (id, tenant_id, member_id, reward_id, quantity, points,"
        " cash, matched_points, status, transfer_id, plat_paid, plat_value_minor, coupon_codes,"
        " created_at, updated_at, member_tier_id)"
        " SELECT uuid7(), $1, m.member_id, ($2::uuid[])[1 + (m.n % array_length($2, 1))], 1,"
        " m.amount, 0, 0, CASE WHEN m.n % 20 = 0 THEN 'CANCELLED' ELSE 'CONFIRMED' END,"
        " m.transfer_id, false, 0, '[]', m.at, m.at,"
        " (SELECT tier_id FROM member_tier t WHERE t.member_id = m.member_id)"
        " FROM moves m WHERE m.kind = 'REDEMPTION'",
        tenant,
        rewards,
    )
    await db.execute(
        "INSERT INTO purchase (id, tenant_id, member_id, order_id, amount, currency, items,"
        " occurred_at, points, breakdown, release_at, status, refunded_amount, refunded_points,"
        " created_at) SELECT uuid7(), $1, member_id, 'o' || n, amount * 100, 'CNY', '[]', at,"
        " amount, jsonb_build_array(jsonb_build_object('source', 'RULE', 'source_id', $2::text,"
        "  'label', 'rule', 'points', amount / 2), jsonb_build_object('source', 'CAMPAIGN',"
        "  'source_id', ($3::uuid[])[1 + (n % 2)]::text, 'label', 'x2', 'points',"
        "  amount - amount / 2)), at, 'RELEASED', 0, 0, at FROM moves"
        " WHERE kind = 'CAMPAIGN_PURCHASE'",
        tenant,
        str(UUID(int=0)),
        campaigns,
    )


def _json(values: dict[str, str]) -> str:
    return "{" + ",".join(f'"{k}":"{v}"' for k, v in values.items()) + "}"


async def _settle_balances(db: asyncpg.Connection, tenant: UUID, currency: UUID) -> None:
    """Balances, last activity and one lot per wallet, from the transfers (in bulk)."""
    await db.execute(
        "CREATE TEMP TABLE sums AS SELECT account_id, sum(delta)::bigint AS posted,"
        " max(active_at) AS active_at FROM ("
        " SELECT credit_account_id AS account_id, amount AS delta,"
        "  CASE WHEN code <> 'EXPIRE' THEN created_at END AS active_at FROM transfer"
        "  WHERE tenant_id = $1"
        " UNION ALL SELECT debit_account_id, -amount,"
        "  CASE WHEN code <> 'EXPIRE' THEN created_at END FROM transfer WHERE tenant_id = $1) s"
        " GROUP BY account_id",
        tenant,
    )
    await db.execute(
        "UPDATE account a SET posted = s.posted, last_activity_at = CASE WHEN a.kind ="
        " 'MEMBER_WALLET' THEN s.active_at END FROM sums s WHERE a.id = s.account_id"
    )
    await db.execute("DROP TABLE sums")
    await db.execute("DELETE FROM lot WHERE tenant_id = $1", tenant)
    await db.execute(
        "INSERT INTO lot (id, tenant_id, wallet_id, amount, remaining, reserved, expires_at,"
        " earned_at, source_transfer_id) SELECT uuid7(), $1, a.id, a.posted, a.posted, 0,"
        " now() + make_interval(days => (random() * 90)::int), a.created_at,"
        " (SELECT id FROM transfer t WHERE t.credit_account_id = a.id LIMIT 1)"
        " FROM account a WHERE a.tenant_id = $1 AND a.kind = 'MEMBER_WALLET' AND a.posted > 0",
        tenant,
    )


QUERIES: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "flows, 30 days by day": (
        "query($r: DateRangeInput!) { analytics(range: $r) { liability { points }"
        " totals { issued redeemed expired } breakageRate { basisPoints }"
        " buckets { from flows { issued issuedBySource { source points } redeemed net }"
        " closingLiability { points } newMembers } } }",
        lambda ctx: {"r": ctx["month"]},
    ),
    "flows, 365 days by day": (
        "query($r: DateRangeInput!) { analytics(range: $r) { totals { issued redeemed }"
        " buckets { from flows { issued redeemed net } closingLiability { points } } } }",
        lambda ctx: {"r": ctx["year"]},
    ),
    "flows, 365 days by month": (
        "query($r: DateRangeInput!) { analytics(range: $r, granularity: MONTH) {"
        " redemptionRate { basisPoints } buckets { from flows { issued } } } }",
        lambda ctx: {"r": ctx["year"]},
    ),
    "members (active, new, tiers)": (
        "query($r: DateRangeInput!) { analytics(range: $r) {"
        " members(activeDays: 30) { total active new byTier { name members } } } }",
        lambda ctx: {"r": ctx["year"]},
    ),
    "top rewards, hours, weekdays (year)": (
        "query($r: DateRangeInput!) { analytics(range: $r) { topRewards(first: 10) { name"
        " redemptions points } redemptionsByHour { redemptions } redemptionsByWeekday"
        " { redemptions } } }",
        lambda ctx: {"r": ctx["year"]},
    ),
    "campaign results (year)": (
        "query($r: DateRangeInput!) { analytics(range: $r) { campaigns { name purchases"
        " points sales { amount } } } }",
        lambda ctx: {"r": ctx["year"]},
    ),
    "atRiskMembers page + totals": (
        "{ atRiskMembers(inactiveDays: 30, minBalance: 100, first: 50) { totalCount totalPoints"
        " page { nodes { externalId available expiringPoints } } } }",
        lambda ctx: {},
    ),
    "recommendedRewards": (
        "query($m: ID!) { recommendedRewards(memberId: $m) { reward { name } tierRedemptions } }",
        lambda ctx: {"m": ctx["member"]},
    ),
}

BASELINE = (
    "SELECT points_flow(d.kind, c.kind, t.code) AS dim, sum(t.amount) FROM transfer t"
    " JOIN account d ON d.id = t.debit_account_id JOIN account c ON c.id = t.credit_account_id"
    " WHERE t.tenant_id = $1 AND t.created_at >= now() - interval '30 days' GROUP BY 1"
)


LOGIN = (
    "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) {"
    " session { accessToken } } }"
)


async def measure(
    settings: Settings, email: str, tenant: UUID, repeat: int
) -> tuple[dict[str, float], float]:
    """Median milliseconds per query, and the baseline's."""
    today = datetime.now(UTC).date()
    db = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    member = await db.fetchval("SELECT id FROM bench_members ORDER BY id LIMIT 1")
    ctx = {
        "month": {"from": (today - timedelta(days=29)).isoformat(), "to": today.isoformat()},
        "year": {"from": (today - timedelta(days=364)).isoformat(), "to": today.isoformat()},
        "member": str(member),
    }
    baseline = await _median(repeat, lambda: db.fetch(BASELINE, tenant))
    await db.close()
    app = create_app(settings)
    timings = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            login = {"e": email, "p": PASSWORD}
            answer = await client.post("/graphql", json={"query": LOGIN, "variables": login})
            token = answer.json()["data"]["login"]["session"]["accessToken"]
            headers = {"authorization": f"Bearer {token}"}
            for name, (query, variables) in QUERIES.items():
                request = {"query": query, "variables": variables(ctx)}

                async def ask(request: dict[str, Any] = request) -> None:
                    answer = await client.post("/graphql", json=request, headers=headers)
                    assert "errors" not in answer.json(), answer.text

                timings[name] = await _median(repeat, ask)
    return timings, baseline


async def _median(repeat: int, work: Callable[[], Any]) -> float:
    await work()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await work()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", default="100000,1000000,10000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    steps = [int(step) for step in args.steps.split(",")]

    base = with_embedded_services(load_settings(dict(os.environ) | {"LOG_LEVEL": "WARNING"}))
    settings, name = scratch_settings(base)
    settings = replace(settings, rate_limit_per_minute=100_000_000)
    admin = await asyncpg.connect(**database_credentials(base.database_url or ""))
    await admin.execute(f'CREATE DATABASE "{name}"')
    results: dict[int, tuple[dict[str, float], float]] = {}
    try:
        await run_migrations(settings)
        tenant, email, rewards, campaigns = await seed_merchant(settings)
        db = await asyncpg.connect(**database_credentials(settings.database_url or ""))
        have = 0
        for step in steps:
            started = time.perf_counter()
            await grow(db, tenant, rewards, campaigns, have, step)
            have = step
            print(f"seeded to {step:,} transfers in {time.perf_counter() - started:.0f} s")
            results[step] = await measure(settings, email, tenant, args.repeat)
            _report(results)
        await db.close()
    finally:
        if args.keep:
            print(f"kept database {name}")
        else:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _report(results: dict[int, tuple[dict[str, float], float]]) -> None:
    steps = sorted(results)
    print("\nmedian ms per query (in-process GraphQL, rollups)  " + "".join(
        f"{step:>12,}" for step in steps))  # fmt: skip
    for name in QUERIES:
        print(f"  {name:<48}" + "".join(f"{results[s][0][name]:>12.1f}" for s in steps))
    print(f"  {'baseline: 30-day flows from transfers (SQL)':<48}" + "".join(
        f"{results[s][1]:>12.1f}" for s in steps))  # fmt: skip
    ratios = [results[s][1] / results[s][0]["flows, 30 days by day"] for s in steps]
    print(f"  {'ratio baseline / rollup (30-day flows)':<48}" + "".join(
        f"{ratio:>12.1f}" for ratio in ratios))  # fmt: skip
    print(flush=True)


if __name__ == "__main__":
    asyncio.run(main())
