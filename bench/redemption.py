"""Redemption benchmark: redeemReward (points-only) against deductPoints in the same run, both
over HTTP with an API key, spread over 200 members.

    .venv/bin/python -m bench.redemption [--clients 32] [--seconds 10] [--rewards 20]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets

import asyncpg
import httpx
import uvloop

from app.core.db import database_credentials
from app.core.embedded import with_embedded_services
from app.core.migrate import run_migrations
from app.core.settings import load_settings
from app.ledger.verify import verify_ledger
from bench.ledger import (
    PORT,
    KeepAlive,
    drive,
    gql,
    http_scenario,
    scratch_settings,
    seed,
    start_server,
)

AWARD = "mutation($input: AwardPointsInput!) { awardPoints(input: $input) { journalId } }"
REDEEM = (
    "mutation($input: RedeemRewardInput!) { redeemReward(input: $input) "
    "{ order { id } userErrors { code } } }"
)


async def stock_mall(http: httpx.AsyncClient, owner: str, rewards: int) -> list[str]:
    ids = []
    for n in range(rewards):
        data = await gql(
            http,
            """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } } }""",
            {
                "i": {
                    "name": f"Voucher {n}",
                    "type": "SERVICE",
                    "pricePoints": 1,
                    "stock": 10_000_000,
                }
            },
            owner,
        )
        ids.append(data["createReward"]["reward"]["id"])
    return ids


def redeem_scenario(api_key: str, members: list[str], rewards: list[str]):  # type: ignore[no-untyped-def]
    connections: dict[int, KeepAlive] = {}
    run = secrets.token_hex(4)

    async def call(client: int, n: int) -> bool:
        connection = connections.setdefault(client, KeepAlive(api_key))
        key = f"{run}-{client}-{n}"
        variables = {"input": {
            "rewardId": rewards[(client + n) % len(rewards)],
            "memberId": members[(client * 7919 + n) % len(members)], "idempotencyKey": key,
        }}  # fmt: skip
        status, answer = await connection.post(
            json.dumps({"query": REDEEM, "variables": variables}).encode()
        )
        payload = (answer.get("data") or {}).get("redeemReward") or {}
        return status == 200 and not payload.get("userErrors", ["x"])

    return call


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--rewards", type=int, default=20)
    args = parser.parse_args()
    base = with_embedded_services(load_settings())
    settings, name = scratch_settings(base)
    admin = await asyncpg.connect(**database_credentials(base.database_url or ""))
    await admin.execute(f'CREATE DATABASE "{name}"')
    server = None
    try:
        await run_migrations(settings)
        server = await start_server(settings, 1, args.server_root.resolve())
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}", timeout=30) as http:
            shop = await seed(http, args.members)
            rewards = await stock_mall(http, shop.owner, args.rewards)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}", timeout=30) as http:
            for member in shop.members:
                fund = {"memberId": member, "amount": 1_000_000, "reason": "bench",
                        "idempotencyKey": f"fund-{member}"}  # fmt: skip
                await gql(http, AWARD, {"input": fund}, shop.api_key)
        deducts = await drive("GraphQL deductPoints (baseline)", args.clients, args.seconds,
                              _deduct_only(shop.api_key, shop.members))  # fmt: skip
        spread = redeem_scenario(shop.api_key, shop.members, rewards)
        label = f"GraphQL redeemReward, {len(rewards)} rewards"
        redeems = await drive(label, args.clients, args.seconds, spread)
        hot = await drive("GraphQL redeemReward, 1 reward", args.clients, args.seconds,
                          redeem_scenario(shop.api_key, shop.members, rewards[:1]))  # fmt: skip
        print(
            f"\n{args.clients} clients, {args.seconds:.0f} s per scenario, {os.cpu_count()} cores"
        )
        print(deducts.line())
        print(redeems.line(deducts))
        print(hot.line(deducts))
        owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
        print((await verify_ledger(owner)).summary().splitlines()[-1])
        await owner.close()
    finally:
        if server is not None:
            server.terminate()
            await server.wait()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _deduct_only(api_key: str, members: list[str]):  # type: ignore[no-untyped-def]
    """Deductions of 1 point; `mix` alternates award/deduct, so drive odd steps only."""
    call = http_scenario(api_key, members, hot=False, mix=True)

    async def deduct(client: int, n: int) -> bool:
        ok: bool = await call(client, 2 * n + 1)
        return ok

    return deduct


if __name__ == "__main__":
    uvloop.run(main())
