"""Awards over HTTP on one PostgreSQL and on a Citus cluster (a coordinator and two workers), the
same load in one run, and the ratio.

    CITUS_URL=postgresql://postgres@127.0.0.1:9700/postgres \\
        .venv/bin/python -m bench.citus [--clients 32] [--seconds 10] [--shops 8]
                                        [--members 50] [--shard-count 32]

(`scripts/citus-cluster start .data/citus` prints such a URL.) For each database it makes a
scratch database (on every node, for Citus), migrates it (which distributes it on Citus),
starts `pointsmall serve` on it, signs up --shops merchants with --members members each, and
drives awardPoints from --clients keep-alive connections spread over the shops' members. It
prints throughput and latency per database and the Citus/PostgreSQL ratio, then runs
`ledger verify` on both. On one machine the cluster's nodes share its cores with the single
PostgreSQL's load generator and server: this shows what distribution costs per request, not
what it scales to.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import secrets
import statistics
import sys
from typing import Any

import asyncpg
import httpx
import uvloop

from bench.ledger import (
    PORT,
    ROOT,
    Result,
    drive,
    http_scenario,
    scratch_settings,
    seed,
    start_server,
)

sys.path.insert(0, str(ROOT))

from app.core.citus import FAN_OUT, create_database, drop_database
from app.core.db import database_credentials
from app.core.embedded import with_embedded_services
from app.core.migrate import run_migrations
from app.core.settings import Settings, load_settings
from app.ledger.verify import verify_ledger


def spread(calls: list[Any]) -> Any:
    """One scenario over several shops: client k drives shop k mod len(calls)."""

    async def call(client: int, n: int) -> bool:
        ok: bool = await calls[client % len(calls)](client, n)
        return ok

    return call


async def measure(settings: Settings, name: str, args: argparse.Namespace) -> Result:
    """Migrate `settings`' database, serve it, seed the shops, drive the awards, verify."""
    await run_migrations(settings)
    server = await start_server(settings, 1, ROOT)
    try:
        limits = httpx.Limits(max_connections=8, max_keepalive_connections=8)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{PORT}", limits=limits, timeout=60
        ) as http:
            shops = [await seed(http, args.members) for _ in range(args.shops)]
        scenario = spread([http_scenario(s.api_key, s.members, False, False) for s in shops])
        await drive("warm-up", 8, 2, scenario)
        result = await drive(name, args.clients, args.seconds, scenario)
    finally:
        server.terminate()
        await server.wait()
    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        await owner.execute(FAN_OUT)
        print(f"{name}: {(await verify_ledger(owner)).summary().splitlines()[-1]}")
    finally:
        await owner.close()
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--shops", type=int, default=8, help="merchants, spread over the shards")
    parser.add_argument("--members", type=int, default=50, help="members per merchant")
    parser.add_argument("--shard-count", type=int, default=32)
    args = parser.parse_args()
    citus_url = os.environ.get("CITUS_URL")
    if not citus_url:
        sys.exit("CITUS_URL must name a Citus coordinator (scripts/citus-cluster start DIR).")

    base = with_embedded_services(load_settings())
    plain, plain_name = scratch_settings(base)
    admin = await asyncpg.connect(**database_credentials(base.database_url or ""))
    await admin.execute(f'CREATE DATABASE "{plain_name}"')
    cluster_name = f"pointsmall_bench_{secrets.token_hex(3)}"
    try:
        single = await measure(plain, "one PostgreSQL", args)
        cluster_url = await create_database(citus_url, cluster_name)
        cluster = dataclasses.replace(
            base, database_url=cluster_url, citus_shard_count=args.shard_count
        )
        distributed = await measure(cluster, "Citus: coordinator + 2 workers", args)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{plain_name}" WITH (FORCE)')
        await admin.close()
        await drop_database(citus_url, cluster_name)
    print(
        f"\nawardPoints over HTTP, {args.clients} clients, {args.shops} merchants x"
        f" {args.members} members, {args.seconds:.0f} s, {os.cpu_count()} cores"
    )
    print("| database | awards/s | p50 | p99 | errors |\n|---|---|---|---|---|")
    for result in (single, distributed):
        ordered = sorted(result.latencies) or [0.0]
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        print(
            f"| {result.name} | {result.throughput:.0f} | {p50:.1f} ms | {p99:.1f} ms"
            f" | {result.errors} |"
        )
    print(f"Citus / one PostgreSQL: {distributed.throughput / single.throughput:.2f}")


if __name__ == "__main__":
    uvloop.run(main())
