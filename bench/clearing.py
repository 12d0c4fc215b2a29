"""Yearly clearing (年度积分清零) at scale: every lot of every member due at once.

    .venv/bin/python -m bench.clearing [--members 100000] [--lots 10] [--crash-after 0] [--batch 20]

Seeds a scratch database (DATABASE_URL's server; embedded when unset) with one merchant,
--members members and --lots due lots each, straight in SQL (consistent: issuing transfers,
balances, lots). Copies it, then in the same run measures:

- baseline: the plain `UPDATE lot SET remaining = reserved WHERE ... due` on the copy (what a
  naive clearing script does: no breakage transfers, no journals, balances left wrong);
- the job: `expire_due_points` in a child process (wall time and the child's peak RSS), one
  journal per wallet moving the remainder to BREAKAGE, batches of 20 wallets per transaction,
  three in flight.

With --crash-after S the child is killed after S seconds and started again: the second run
finishes the job without expiring anything twice. Ends with `ledger verify` on the tenant and a
check that breakage equals everything that was due.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import secrets
import sys
import time
from uuid import UUID

import asyncpg
from tortoise import Tortoise

from app.core.db import database_credentials, tortoise_config
from app.core.embedded import with_embedded_services
from app.core.migrate import run_migrations
from app.core.settings import Settings, load_settings
from app.ledger.currencies import CurrencySpec
from app.ledger.expiry import expire_due_points
from app.ledger.verify import verify_ledger
from app.onboarding import MerchantSignUp, sign_up_merchant
from bench.ledger import scratch_settings
from bench.processes import run_child
from tenants.tokens import TokenIssuer

POINTS_PER_LOT = 100

# (statement, the values it takes). The rows go in with triggers off (the ledger's triggers
# update balances and re-check lots row by row, quadratic at this size), so the last two
# statements set the balances themselves (and the analytics rollups are rebuilt after);
# `ledger verify` at the end checks it all.
BATCH = 20_000
SEED = [
    (
        "CREATE TEMP TABLE seed ON COMMIT DROP AS SELECT uuid7() AS member_id,"
        " uuid7() AS wallet_id, uuid7() AS journal_id, uuid7() AS transfer_id, n"
        " FROM generate_series($1::int + 1, $1::int + $2::int) n",
        ("offset", "members"),
    ),
    (
        "INSERT INTO member (id, tenant_id, external_id, display_name, attributes, status,"
        " created_at, updated_at) SELECT member_id, $1, 'm' || n, 'Member ' || n, '{}',"
        " 'ACTIVE', now(), now() FROM seed",
        ("tenant",),
    ),
    (
        "INSERT INTO account (id, tenant_id, currency_id, kind, owner_id, slot, posted,"
        " pending_dr, pending_cr, version, no_overdraft, created_at) SELECT wallet_id, $1, $2,"
        " 'MEMBER_WALLET', member_id, 0, 0, 0, 0, 0, true, now() FROM seed",
        ("tenant", "currency"),
    ),
    (
        "INSERT INTO journal (id, tenant_id, code, reason, actor, metadata, created_at)"
        " SELECT journal_id, $1, 'AWARD', 'Seeded', 'bench', '{}', now() FROM seed",
        ("tenant",),
    ),
    (
        "INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,"
        " credit_account_id, amount, phase, code, created_at) SELECT transfer_id, $1,"
        " journal_id, $2, $3, wallet_id, $4::bigint * $5::int, 'SINGLE',"
        " 'AWARD', now() FROM seed",
        ("tenant", "currency", "issuance", "points", "lots"),
    ),
    (
        "INSERT INTO lot (id, tenant_id, wallet_id, amount, remaining, reserved, expires_at,"
        " earned_at, source_transfer_id) SELECT uuid7(), $1, wallet_id, $2, $2, 0,"
        " now() - make_interval(days => g), now() - interval '400 days', transfer_id"
        " FROM seed, generate_series(1, $3::int) g",
        ("tenant", "points", "lots"),
    ),
    (
        "UPDATE account a SET posted = $1::bigint * $2::int FROM seed s WHERE a.id = s.wallet_id",
        ("points", "lots"),
    ),
    (
        "UPDATE account SET posted = posted - $1::bigint * $2::int * $3::int WHERE id = $4",
        ("points", "lots", "members", "issuance"),
    ),
]


async def seed(settings: Settings, members: int, lots: int) -> UUID:
    """One merchant with `members` members holding `lots` due lots each; returns the tenant."""
    await Tortoise.init(config=tortoise_config(settings))
    try:
        tag = secrets.token_hex(3)
        signup = MerchantSignUp(
            f"Clearing {tag}",
            f"clearing-{tag}",
            f"owner-{tag}@example.com",
            "Bench-pass-12345",
            CurrencySpec("STAR", "Stars", "CNY", 100),
        )
        await sign_up_merchant(signup, TokenIssuer(settings), settings)
    finally:
        await Tortoise.close_connections()
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        tenant = await connection.fetchval(
            "SELECT id FROM tenant WHERE slug = $1", f"clearing-{tag}"
        )
        await seed_lots(connection, UUID(str(tenant)), members, lots)
        await connection.execute("ANALYZE")
        return UUID(str(tenant))
    finally:
        await connection.close()


async def seed_lots(connection: asyncpg.Connection, tenant: UUID, members: int, lots: int) -> None:
    """Add `members` members to the tenant, each with `lots` due lots (owner connection)."""
    currency = await connection.fetchval("SELECT id FROM currency WHERE tenant_id = $1", tenant)
    issuance = await connection.fetchval(
        "SELECT id FROM account WHERE tenant_id = $1 AND kind = 'ISSUANCE' AND slot = 0", tenant
    )
    await connection.execute("SET session_replication_role = replica")
    for offset in range(0, members, BATCH):
        values = {
            "tenant": tenant,
            "offset": offset,
            "members": min(BATCH, members - offset),
            "currency": currency,
            "issuance": issuance,
            "points": POINTS_PER_LOT,
            "lots": lots,
        }
        async with connection.transaction():
            for statement, names in SEED:
                await connection.execute(statement, *(values[n] for n in names))
    await connection.execute("RESET session_replication_role")
    # The analytics rollups the triggers would have kept.
    await connection.execute("SELECT analytics_rollup_rebuild($1)", tenant)


async def run_job(database_url: str, tenant: str, batch: str) -> None:
    """The child process: the expiry job, as the worker runs it."""
    settings = load_settings({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"})
    await Tortoise.init(config=tortoise_config(settings))
    try:
        await expire_due_points(UUID(tenant), batch_size=int(batch))
    finally:
        await Tortoise.close_connections()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--lots", type=int, default=10, help="due lots per member")
    parser.add_argument("--crash-after", type=float, default=0, help="kill the job after S s")
    parser.add_argument("--batch", type=int, default=20, help="wallets per transaction")
    args = parser.parse_args()

    base = with_embedded_services(load_settings(), redis=False)
    settings, name = scratch_settings(base)
    copy = f"{name}_baseline"
    admin = await asyncpg.connect(**database_credentials(base.database_url or ""))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        await run_migrations(settings)
        started = time.perf_counter()
        tenant = await seed(settings, args.members, args.lots)
        print(f"seeded {args.members} members x {args.lots} lots in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        await admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')

        baseline_url = (settings.database_url or "").replace(f"/{name}", f"/{copy}")
        plain = await asyncpg.connect(**database_credentials(baseline_url))
        started = time.perf_counter()
        updated = await plain.execute(
            "UPDATE lot SET remaining = reserved WHERE tenant_id = $1 AND remaining > reserved"
            " AND expires_at <= now()",
            tenant,
        )
        baseline = time.perf_counter() - started
        await plain.close()

        url = settings.database_url or ""
        elapsed, crashed = await run_child(
            "bench.clearing", url, str(tenant), str(args.batch), crash_after=args.crash_after
        )
        if crashed:
            rest, _ = await run_child(
                "bench.clearing", url, str(tenant), str(args.batch), crash_after=0
            )
            print(f"job killed after {elapsed:.1f} s, restarted, finished in {rest:.1f} s more")
            elapsed += rest
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        check = await asyncpg.connect(**database_credentials(settings.database_url or ""))
        report = await verify_ledger(check, [tenant])
        breakage = int(
            await check.fetchval(
                "SELECT coalesce(sum(amount), 0) FROM transfer"
                " WHERE tenant_id = $1 AND code = 'EXPIRE'",
                tenant,
            )
        )
        journals = await check.fetchval(
            "SELECT count(*) FROM journal WHERE tenant_id = $1 AND code = 'EXPIRE'", tenant
        )
        await check.close()
        lots = args.members * args.lots
        print(f"\n{lots} lots across {args.members} members, {os.cpu_count()} cores")
        print(f"baseline plain UPDATE   {baseline:8.1f} s   ({updated})")
        print(f"expire_due_points job   {elapsed:8.1f} s   ratio {baseline / elapsed:.3f}"
              f"   peak RSS {peak_mb:.0f} MB   {lots / elapsed:,.0f} lots/s")  # fmt: skip
        print(
            f"EXPIRE journals {journals} (one per member); breakage {breakage}"
            f" = due {lots * POINTS_PER_LOT}: {breakage == lots * POINTS_PER_LOT}"
        )
        print(report.summary())
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        asyncio.run(run_job(*sys.argv[2:5]))
    else:
        asyncio.run(main())
