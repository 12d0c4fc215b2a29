"""Earning benchmark: recordPurchase with five active rules and two campaigns, against plain
awardPoints in the same run, both over HTTP with an API key.

    .venv/bin/python -m bench.earning [--clients 32] [--seconds 10] [--members 200]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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
    ROOT,
    KeepAlive,
    drive,
    gql,
    http_scenario,
    scratch_settings,
    seed,
    start_server,
)

RECORD = (
    "mutation($input: RecordPurchaseInput!) { recordPurchase(input: $input) "
    "{ purchase { points } userErrors { code } } }"
)
OCCASION_RULES = [
    {"kind": "SIGNUP", "name": "Welcome", "points": 100},
    {"kind": "CHECK_IN", "name": "Daily", "schedule": [5, 5, 10, 10, 15, 15, 30]},
    {"kind": "EVENT", "name": "Review", "points": 20, "eventCode": "review"},
    {"kind": "REFERRAL", "name": "Friends", "referrerPoints": 300, "refereePoints": 100},
]
ITEMS = [
    {"sku": "latte", "category": "drinks", "tags": ["new"], "unitPrice": 3_200, "quantity": 2},
    {"sku": "cake", "category": "food", "tags": [], "unitPrice": 2_800, "quantity": 1},
]


async def configure(http: httpx.AsyncClient, owner: str) -> None:
    """Five active rules (the default purchase rule, given multipliers, and four others) and
    two campaigns (x2 on items tagged new, +5 on food)."""
    rules = await gql(http, "{ earnRules { id } }", {}, owner)
    purchase = {"name": "1 point per CNY", "categoryMultipliers": {"food": "1.5"},
                "tagMultipliers": {"new": "1.2"}, "excludedCategories": ["gift_cards"]}  # fmt: skip
    update = {"ruleId": rules["earnRules"][0]["id"], "purchase": purchase}
    await gql(http, """mutation($i: UpdateEarnRuleInput!) { updateEarnRule(input: $i) {
        userErrors { code } } }""", {"i": update}, owner)  # fmt: skip
    for rule in OCCASION_RULES:
        await gql(http, """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) {
            userErrors { code } } }""", {"i": {"occasion": rule}}, owner)  # fmt: skip
    now = datetime.now(UTC)
    window = {
        "startsAt": (now - timedelta(days=1)).isoformat(),
        "endsAt": (now + timedelta(days=30)).isoformat(),
    }
    for campaign in (
        {
            "name": "New drinks x2",
            "kind": "MULTIPLIER",
            "multiplier": "2",
            "tags": ["new"],
            **window,
        },
        {"name": "Food bonus", "kind": "BONUS", "bonusPoints": 5, "categories": ["food"], **window},
    ):
        await gql(http, """mutation($i: CreateCampaignInput!) { createCampaign(input: $i) {
            userErrors { code } } }""", {"i": {"campaign": campaign}}, owner)  # fmt: skip


def purchase_scenario(api_key: str, members: list[str]):  # type: ignore[no-untyped-def]
    connections: dict[int, KeepAlive] = {}
    run = secrets.token_hex(4)

    async def call(client: int, n: int) -> bool:
        connection = connections.setdefault(client, KeepAlive(api_key))
        order = f"{run}-{client}-{n}"
        variables: dict[str, Any] = {"input": {
            "orderId": order, "memberId": members[(client * 7919 + n) % len(members)],
            "amount": {"amount": 9_200, "currency": "CNY"}, "items": ITEMS, "idempotencyKey": order,
        }}  # fmt: skip
        status, answer = await connection.post(
            json.dumps({"query": RECORD, "variables": variables}).encode()
        )
        payload = (answer.get("data") or {}).get("recordPurchase") or {}
        return status == 200 and not payload.get("userErrors", ["x"])

    return call


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--server-root", type=Path, default=ROOT, help="checkout to serve from")
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
            await configure(http, shop.owner)
        await drive("warm-up", args.clients, 1, purchase_scenario(shop.api_key, shop.members))
        award = http_scenario(shop.api_key, shop.members, hot=False, mix=False)
        purchase = purchase_scenario(shop.api_key, shop.members)
        awards = await drive("GraphQL awardPoints (baseline)", args.clients, args.seconds, award)
        purchases = await drive("GraphQL recordPurchase", args.clients, args.seconds, purchase)
        print(
            f"\n{args.clients} clients, {args.seconds:.0f} s per scenario, {os.cpu_count()} cores"
        )
        print(awards.line())
        print(purchases.line(awards))
        owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
        print((await verify_ledger(owner)).summary().splitlines()[-1])
        await owner.close()
    finally:
        if server is not None:
            server.terminate()
            await server.wait()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    uvloop.run(main())
