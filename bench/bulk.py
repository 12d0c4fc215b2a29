"""Bulk jobs at scale: 100,000 rows of awards (or a member import), killed half-way and resumed.

    .venv/bin/python -m bench.bulk [--rows 100000] [--members 20000] [--crash-after 0]
                                   [--kind points|import]

Seeds a scratch database (DATABASE_URL's server; embedded when unset) with one merchant and
--members members (in SQL), accepts a job of --rows awards (`start_points_job`; with --kind
import, `import_members` of --rows new members with one opening lot each, into a merchant with
no members), then in the same run measures:

- baseline: the same journals posted straight through the ledger (`post_journals`, 500 per
  transaction, the chunk the job uses), in a second merchant: what the job adds to the ledger's
  own cost;
- the job: `run_job` in a child process, as the worker runs it (wall time, rows/s, the child's
  peak RSS). With --crash-after S the child is killed after S seconds and started again.

Ends with `ledger verify` on both tenants and a check that every row was applied exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import secrets
import sys
import time
from typing import Any
from uuid import UUID

import asyncpg
from tortoise import Tortoise

from app.bulk import service as bulk
from app.core.db import database_credentials, tortoise_config
from app.core.embedded import with_embedded_services
from app.core.migrate import run_migrations
from app.core.settings import Settings, load_settings
from app.ledger.commands import Award
from app.ledger.currencies import CurrencySpec
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journals
from app.ledger.verify import verify_ledger
from app.onboarding import MerchantSignUp, sign_up_merchant
from bench.ledger import scratch_settings
from bench.processes import run_child
from tenants.tokens import TokenIssuer


async def merchant(settings: Settings, members: int) -> UUID:
    """A merchant with `members` members m-0 .. m-(members-1)."""
    tag = secrets.token_hex(3)
    signup = MerchantSignUp(
        f"Bulk {tag}", f"bulk-{tag}", f"owner-{tag}@example.com", "Bench-pass-12345",
        CurrencySpec("STAR", "Stars", "CNY", 100),
    )  # fmt: skip
    await sign_up_merchant(signup, TokenIssuer(settings), settings)
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        tenant = UUID(str(await connection.fetchval("SELECT id FROM tenant WHERE slug = $1",
                                                    f"bulk-{tag}")))  # fmt: skip
        await connection.execute(
            "INSERT INTO member (id, tenant_id, external_id, display_name, attributes, status,"
            " created_at, updated_at) SELECT uuid7(), $1, 'm-' || n, 'M', '{}', 'ACTIVE', now(),"
            " now() FROM generate_series(0, $2 - 1) AS n",
            tenant,
            members,
        )
        return tenant
    finally:
        await connection.close()


async def baseline(tenant: UUID, rows: int, members: int) -> float:
    """The same awards straight through the ledger, 500 journals per transaction."""
    connection = await asyncpg.connect(**database_credentials(_url))
    ids = {
        r["external_id"]: r["id"]
        for r in await connection.fetch(
            "SELECT id, external_id FROM member WHERE tenant_id = $1", tenant
        )
    }
    await connection.close()
    started = time.perf_counter()
    for first in range(0, rows, bulk.CHUNK):
        requests = [
            JournalRequest(
                Award(ids[f"m-{n % members}"], 10, "Migration"),
                "bench",
                f"b:{n}",
                report_balances=False,
            )
            for n in range(first, min(rows, first + bulk.CHUNK))
        ]
        await post_journals(tenant, requests)
    return time.perf_counter() - started


async def job_child(database_url: str, tenant: str, job: str) -> None:
    """The child process: the job, as the worker runs it."""
    settings = load_settings({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"})
    await Tortoise.init(config=tortoise_config(settings))
    try:
        await bulk.run_job(UUID(tenant), UUID(job))
    finally:
        await Tortoise.close_connections()


_url = ""


async def main() -> None:
    global _url
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--crash-after", type=float, default=0, help="kill the job after S s")
    parser.add_argument("--kind", choices=["points", "import"], default="points")
    args = parser.parse_args()
    importing = args.kind == "import"
    if importing:
        args.members = args.rows  # one new member per row; the baseline awards as many

    base = with_embedded_services(load_settings(), redis=False)
    settings, name = scratch_settings(base)
    _url = settings.database_url or ""
    admin = await asyncpg.connect(**database_credentials(base.database_url or ""))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        await run_migrations(settings)
        await Tortoise.init(config=tortoise_config(settings))
        try:
            job_tenant = await merchant(settings, 0 if importing else args.members)
            base_tenant = await merchant(settings, args.members)
            rows: list[dict[str, Any]] = (
                [{"externalId": f"m-{n}", "displayName": f"M {n}",
                  "lots": [{"points": "10", "expiresAt": ""}]} for n in range(args.rows)]
                if importing
                else [{"externalId": f"m-{n % args.members}", "amount": "10",
                       "reason": "Migration", "expiresAt": ""} for n in range(args.rows)]
            )  # fmt: skip
            start = bulk.import_members if importing else bulk.start_points_job
            started = time.perf_counter()
            job = await start(job_tenant, rows, False, "bench", "bench")
            accepted = time.perf_counter() - started
            plain = await baseline(base_tenant, args.rows, args.members)
        finally:
            await Tortoise.close_connections()

        elapsed, crashed = await run_child(
            "bench.bulk", _url, str(job_tenant), str(job.id), crash_after=args.crash_after
        )
        if crashed:
            rest, _ = await run_child(
                "bench.bulk", _url, str(job_tenant), str(job.id), crash_after=0
            )
            print(f"job killed after {elapsed:.1f} s, restarted, finished in {rest:.1f} s more")
            elapsed += rest
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        check = await asyncpg.connect(**database_credentials(_url))
        report = await verify_ledger(check, [job_tenant, base_tenant])
        done = await check.fetchrow(
            "SELECT status, succeeded, failed FROM bulk_job WHERE id = $1", job.id
        )
        code = "OPENING_BALANCE" if importing else "BULK_AWARD"
        journals = await check.fetchval(
            "SELECT count(*) FROM journal WHERE tenant_id = $1 AND code = $2", job_tenant, code
        )
        members = await check.fetchval(
            "SELECT count(*) FROM member WHERE tenant_id = $1", job_tenant
        )
        await check.close()
        what = "new members imported" if importing else f"rows over {args.members} members"
        print(f"{args.rows} {what}, 2 cores")
        print(f"accepted (rows stored, job queued): {accepted:.1f} s")
        print(
            f"baseline post_journals x{bulk.CHUNK}: {plain:.1f} s, {args.rows / plain:.0f} rows/s"
        )
        ratio = plain / elapsed
        print(f"job: {elapsed:.1f} s, {args.rows / elapsed:.0f} rows/s, "
              f"ratio to baseline {ratio:.2f}, child peak RSS {peak_mb:.0f} MB")  # fmt: skip
        print(f"job {done['status']}: {done['succeeded']} applied, {done['failed']} failed, "
              f"{journals} journals, {members} members in its merchant "
              f"(exactly once: {journals == args.rows})")  # fmt: skip
        print("ledger verify:", "all invariants hold" if report.ok else report.summary())
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        asyncio.run(job_child(*sys.argv[2:5]))
    else:
        asyncio.run(main())
