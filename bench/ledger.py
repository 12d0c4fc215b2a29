"""Ledger write benchmark: awardPoints/deductPoints over HTTP against a running server, and the
same transaction shape straight through asyncpg as the baseline, in one run.

    .venv/bin/python bench/ledger.py [--clients 32] [--seconds 10] [--members 200]

Uses DATABASE_URL / REDIS_URL (embedded servers when unset). It creates a scratch database,
migrates it, starts `pointsmall serve` on it in a subprocess, seeds a merchant over the API,
runs each scenario for --seconds with --clients concurrent clients, prints throughput and
p50/p99 latency, the ratio to the baseline, and finally runs `ledger verify` on the result.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import secrets
import socket
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import uvloop

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


sys.path.insert(0, str(ROOT))

from app.core.db import APP_ROLE, database_credentials
from app.core.embedded import with_embedded_services
from app.core.migrate import run_migrations
from app.core.settings import Settings, load_settings
from app.ledger.verify import verify_ledger

PORT = free_port()
AWARD = (
    "mutation($input: AwardPointsInput!) { awardPoints(input: $input) "
    "{ journalId userErrors { code } } }"
)
DEDUCT = (
    "mutation($input: DeductPointsInput!) { deductPoints(input: $input) "
    "{ journalId userErrors { code } } }"
)


@dataclasses.dataclass
class Result:
    name: str
    latencies: list[float]
    errors: int
    seconds: float

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def line(self, baseline: Result | None = None) -> str:
        ordered = sorted(self.latencies) or [0.0]
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        ratio = f"{self.throughput / baseline.throughput:6.2f}" if baseline else "     -"
        return (
            f"{self.name:<34} {self.throughput:8.0f}/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
            f"  errors {self.errors:<4} ratio {ratio}"
        )


async def drive(
    name: str, clients: int, seconds: float, call: Callable[[int, int], Awaitable[bool]]
) -> Result:
    """Run `call(client, n)` in a loop on `clients` tasks for `seconds`."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client(number: int) -> None:
        nonlocal errors
        n = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            ok = await call(number, n)
            latencies.append(time.perf_counter() - start)
            errors += not ok
            n += 1

    started = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    return Result(name, latencies, errors, time.perf_counter() - started)


def scratch_settings(base: Settings) -> tuple[Settings, str]:
    assert base.database_url is not None
    name = f"pointsmall_bench_{secrets.token_hex(3)}"
    parts = urlsplit(base.database_url)
    return dataclasses.replace(base, database_url=urlunsplit(parts._replace(path=f"/{name}"))), name


async def start_server(settings: Settings, workers: int) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
        "RATE_LIMIT_PER_MINUTE": "100000000",
        "DATABASE_POOL_SIZE": "24",
        "LOG_LEVEL": "WARNING",
    }
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from app.cli import main; main()",
        "serve",
        "--port",
        str(PORT),
        "--workers",
        str(workers),
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
    )
    async with httpx.AsyncClient() as http:
        for _ in range(100):
            try:
                if (await http.get(f"http://127.0.0.1:{PORT}/readyz")).status_code == 200:
                    return server
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    server.kill()
    raise RuntimeError("server did not start")


async def gql(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None = None
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return response.json()["data"]


@dataclasses.dataclass(frozen=True)
class Shop:
    owner: str
    api_key: str
    tenant: str
    members: list[str]


async def seed(http: httpx.AsyncClient, members: int) -> Shop:
    tag = secrets.token_hex(3)
    signup = await gql(
        http,
        """mutation($i: SignUpMerchantInput!) { signUpMerchant(input: $i) {
        session { accessToken } } }""",
        {
            "i": {
                "merchantName": "Bench",
                "slug": f"bench-{tag}",
                "ownerEmail": f"bench-{tag}@example.com",
                "ownerPassword": "Bench-Password-1",
                "currency": {
                    "code": "BENCH",
                    "name": "Bench",
                    "fiatCurrency": "CNY",
                    "pointsPerFiatUnit": 100,
                },
            }
        },
    )
    owner = signup["signUpMerchant"]["session"]["accessToken"]
    key = await gql(
        http,
        """mutation { createApiKey(input: {name: "bench",
        scopes: [POINTS_WRITE, MEMBERS_WRITE, PURCHASES_WRITE]}) { secret } }""",
        {},
        owner,
    )
    api_key = key["createApiKey"]["secret"]
    tenant = (await gql(http, "{ viewer { tenant { id } } }", {}, owner))["viewer"]["tenant"]["id"]
    ids = []
    for i in range(members):
        upsert = await gql(
            http,
            """mutation($e: String!) { upsertMember(input: {externalId: $e}) {
            member { id } } }""",
            {"e": f"m{i}"},
            api_key,
        )
        ids.append(upsert["upsertMember"]["member"]["id"])
    return Shop(owner, api_key, tenant, ids)


class KeepAlive:
    """A bare HTTP/1.1 keep-alive connection: the load generator shares the 2 cores with the
    server and PostgreSQL, and httpx spent more CPU per request than the server did."""

    def __init__(self, api_key: str, port: int | None = None) -> None:
        self.port = port or PORT
        self.api_key = api_key
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, body: bytes) -> tuple[int, Any]:
        if self.streams is None:
            self.streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.streams
        writer.write(
            b"POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
            + f"authorization: Bearer {self.api_key}\r\n".encode()
            + f"content-length: {len(body)}\r\n\r\n".encode()
            + body
        )
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        return status, json.loads(await reader.readexactly(length))


def http_scenario(api_key: str, members: list[str], hot: bool, mix: bool):  # type: ignore[no-untyped-def]
    connections: dict[int, KeepAlive] = {}
    run = secrets.token_hex(4)

    async def call(client: int, n: int) -> bool:
        connection = connections.setdefault(client, KeepAlive(api_key))
        member = members[0] if hot else members[(client * 7919 + n) % len(members)]
        deduct = mix and n % 2 == 1
        variables = {
            "input": {
                "memberId": member,
                "amount": 1 if deduct else 2,
                "reason": "bench",
                "idempotencyKey": f"{run}-{client}-{n}",
            }
        }
        body = json.dumps({"query": DEDUCT if deduct else AWARD, "variables": variables})
        status, answer = await connection.post(body.encode())
        payload = (answer.get("data") or {}).get("deductPoints" if deduct else "awardPoints") or {}
        return status == 200 and not payload.get("userErrors", ["x"])

    return call


BASELINE_AWARD = """
WITH w AS (SELECT id FROM account WHERE id = ANY($3::uuid[]) ORDER BY id FOR UPDATE),
     j AS (INSERT INTO journal (id, tenant_id, code, reason, actor, metadata, created_at)
           VALUES (gen_random_uuid(), $1, 'AWARD', 'bench', 'bench', '{}', now()) RETURNING id),
     t AS (INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,
           credit_account_id, amount, phase, code, created_at)
           SELECT gen_random_uuid(), $1, j.id, $2, $4, $5, 2, 'SINGLE', 'AWARD', now() FROM j
           WHERE (SELECT count(*) FROM w) = 2 RETURNING id)
INSERT INTO lot (id, tenant_id, wallet_id, amount, remaining, reserved, earned_at,
                 source_transfer_id)
SELECT gen_random_uuid(), $1, $5, 2, 2, 0, now(), t.id FROM t
"""


async def baseline_scenario(
    pool: asyncpg.Pool,
    tenant: str,
    wallets: list[Any],
    sources: list[Any],
    currency: Any,
    hot: bool,
) -> Callable[[int, int], Awaitable[bool]]:
    run = secrets.token_hex(4)

    async def call(client: int, n: int) -> bool:
        wallet = wallets[0] if hot else wallets[(client * 7919 + n) % len(wallets)]
        source = sources[(client + n) % len(sources)]
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute("select set_config('app.tenant_id', $1, true)", tenant)
            claimed = await connection.fetchval(
                "INSERT INTO idempotency_record (tenant_id, scope, key, request_hash, outcome,"
                " created_at) VALUES ($1, 'bench', $2, 'h', 'PENDING', now())"
                " ON CONFLICT DO NOTHING RETURNING id",
                tenant,
                f"{run}-{client}-{n}",
            )
            await connection.execute(
                BASELINE_AWARD, tenant, currency, sorted([wallet, source]), source, wallet
            )
            await connection.execute(
                "UPDATE idempotency_record SET outcome = 'OK', response = '{}' WHERE id = $1",
                claimed,
            )
        return True

    return call


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1, help="API worker processes")
    args = parser.parse_args()

    base = with_embedded_services(load_settings())
    settings, name = scratch_settings(base)
    admin = await asyncpg.connect(**database_credentials(base.database_url or ""))
    await admin.execute(f'CREATE DATABASE "{name}"')
    server = None
    try:
        await run_migrations(settings)
        server = await start_server(settings, args.workers)
        limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{PORT}", limits=limits, timeout=30
        ) as http:
            shop = await seed(http, args.members)
            api_key, tenant, members = shop.api_key, shop.tenant, shop.members
            results = []
            for hot in (False, True):
                warm = http_scenario(api_key, members, hot, mix=False)
                await drive("warm-up", args.clients, 1, warm)
            credentials = database_credentials(settings.database_url or "")
            pool = await asyncpg.create_pool(
                **credentials,
                min_size=args.clients,
                max_size=args.clients,
                server_settings={"role": APP_ROLE},
            )
            async with pool.acquire() as c:
                await c.execute("select set_config('app.tenant_id', $1, false)", tenant)
                wallets = [
                    r["id"]
                    for r in await c.fetch(
                        "SELECT id FROM account WHERE kind = 'MEMBER_WALLET' ORDER BY id"
                    )
                ]
                sources = [
                    r["id"]
                    for r in await c.fetch(
                        "SELECT id FROM account WHERE kind = 'ISSUANCE' ORDER BY slot"
                    )
                ]
                currency = await c.fetchval("SELECT id FROM currency WHERE tenant_id = $1", tenant)
                await c.execute("select set_config('app.tenant_id', '', false)")
            for hot in (False, True):
                where = "one hot wallet" if hot else f"{len(members)} wallets"
                call = await baseline_scenario(pool, tenant, wallets, sources, currency, hot)
                baseline = await drive(f"asyncpg award, {where}", args.clients, args.seconds, call)
                awards = await drive(
                    f"GraphQL awardPoints, {where}",
                    args.clients,
                    args.seconds,
                    http_scenario(api_key, members, hot, mix=False),
                )
                mixed = await drive(
                    f"GraphQL award+deduct, {where}",
                    args.clients,
                    args.seconds,
                    http_scenario(api_key, members, hot, mix=True),
                )
                results += [(baseline, None), (awards, baseline), (mixed, baseline)]
            await pool.close()
        print(
            f"\n{args.clients} clients, {args.seconds:.0f} s per scenario, {os.cpu_count()} cores"
        )
        for result, compared in results:
            print(result.line(compared))
        owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
        print((await verify_ledger(owner)).summary())
        await owner.close()
    finally:
        if server is not None:
            server.terminate()
            await server.wait()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    # The same event loop as the server's (uvicorn uses uvloop when it is installed).
    uvloop.run(main())
