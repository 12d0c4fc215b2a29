"""Ledger write benchmark: awardPoints/deductPoints over HTTP against a running server, the same
transaction shape straight through asyncpg, and pgbench's built-in tpcb-like transaction, at each
client count, in one run.

    .venv/bin/python -m bench.ledger [--clients 1,8,32,128] [--seconds 8] [--members 200]
                                     [--server-root PATH] [--workers 1]

Uses DATABASE_URL / REDIS_URL (embedded servers when unset). It creates a scratch database,
migrates it, starts `pointsmall serve` on it in a subprocess (from PATH, a checkout of another
commit, with --server-root: before/after figures in one session), seeds a merchant over the API,
runs each scenario for --seconds, prints throughput, p50/p99 latency, commits and statements per
journal (from `pg_stat_statements`, when the server preloads it), the ratio to
the asyncpg baseline and to pgbench (scale 10, in a second scratch database; at most as many
clients as the server's max_connections leaves room for), and runs `ledger verify` at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import secrets
import shutil
import socket
import statistics
import sys
import tempfile
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
    # Per journal, when known: transactions committed, and statements the server ran.
    commits: float | None = None
    statements: float | None = None

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def line(self, baseline: Result | None = None, pgbench: Result | None = None) -> str:
        ordered = sorted(self.latencies) or [0.0]
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000

        def ratio(to: Result | None) -> str:
            return f"{self.throughput / to.throughput:5.2f}" if to else "    -"

        def per(value: float | None) -> str:
            return f"{value:5.2f}" if value is not None else "    -"

        return (
            f"| {self.name:<36} | {self.throughput:7.0f}/s | {p50:7.1f} ms | {p99:7.1f} ms"
            f" | {self.errors:>4} | {per(self.commits)} | {per(self.statements)}"
            f" | {ratio(baseline)} | {ratio(pgbench)} |"
        )


HEADER = (
    "| scenario | throughput | p50 | p99 | errors | commits/journal | round trips/journal"
    " | ratio to asyncpg | ratio to tpcb-like |\n|---|---|---|---|---|---|---|---|---|"
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


async def start_server(settings: Settings, workers: int, root: Path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
        "RATE_LIMIT_PER_MINUTE": "100000000",
        "SIGN_UPS_PER_ADDRESS": "100000000",
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
        cwd=root,
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


class ServerCounters:
    """Statements clients sent to one database (round trips: BEGIN and COMMIT count, the
    statements of triggers do not) and the transactions among them that committed, from
    `pg_stat_statements` (updated as each statement ends), read before and after a scenario.
    Without the extension preloaded the figures are left out: `pg_stat_database` reports a
    backend's counts up to seconds late."""

    def __init__(self, owner: asyncpg.Connection, name: str) -> None:
        self.owner = owner
        self.name = name

    async def read(self) -> tuple[int, int] | None:
        try:
            row = await self.owner.fetchrow(
                "SELECT coalesce(sum(calls), 0) AS statements, coalesce(sum(calls) FILTER"
                " (WHERE upper(trim(trailing ';' FROM query)) IN ('COMMIT', 'END')), 0) AS commits"
                " FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid"
                " WHERE d.datname = $1 AND s.query NOT LIKE '%NEW.%'",
                self.name,
            )
        except asyncpg.PostgresError:
            return None
        return int(row["statements"]), int(row["commits"])

    async def measured(self, run: Callable[[], Awaitable[Result]]) -> Result:
        before = await self.read()
        result = await run()
        after = await self.read()
        journals = max(len(result.latencies), 1)
        if before is not None and after is not None:
            result.statements = (after[0] - before[0]) / journals
            result.commits = (after[1] - before[1]) / journals
        return result


PGBENCH = shutil.which("pgbench")


async def run_pgbench(base: Settings, *arguments: str) -> str:
    """pgbench against the server of DATABASE_URL; its standard output."""
    assert PGBENCH is not None
    credentials = database_credentials(base.database_url or "")
    process = await asyncio.create_subprocess_exec(
        PGBENCH, "-h", str(credentials["host"]), "-p", str(credentials["port"]),
        "-U", str(credentials["user"]), *arguments,
        env={**os.environ, "PGPASSWORD": str(credentials["password"])},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    if process.returncode:
        raise RuntimeError(f"pgbench failed: {err.decode()}")
    return out.decode()


def logged_latencies(logs: str) -> list[float]:
    """Seconds per transaction, from pgbench's per-transaction logs (-l)."""
    return [
        int(line.split()[2]) / 1e6
        for path in Path(logs).glob("tx*")
        for line in path.read_text().splitlines()
    ]


async def pgbench(base: Settings, name: str, clients: int, seconds: float) -> Result:
    """pgbench's built-in tpcb-like transaction on the scale-10 database `name`."""
    with tempfile.TemporaryDirectory() as logs:
        await run_pgbench(
            base, "-n", "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(int(seconds)),
            "-l", f"--log-prefix={logs}/tx", name,
        )  # fmt: skip
        latencies = logged_latencies(logs)
    return Result(f"pgbench tpcb-like, {clients} clients", latencies, 0, seconds)


async def room_for_clients(owner: asyncpg.Connection) -> int:
    used = await owner.fetchval(
        "SELECT current_setting('max_connections')::int"
        " - current_setting('superuser_reserved_connections')::int - count(*)"
        " FROM pg_stat_activity"
    )
    return max(1, int(used) - 8)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", default="1,8,32,128", help="client counts, comma-separated")
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1, help="API worker processes")
    parser.add_argument("--server-root", type=Path, default=ROOT, help="checkout to serve from")
    args = parser.parse_args()
    client_counts = [int(n) for n in args.clients.split(",")]

    base = with_embedded_services(load_settings())
    settings, name = scratch_settings(base)
    tpcb = f"{name}_tpcb"
    admin = await asyncpg.connect(**database_credentials(base.database_url or ""))
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.execute(f'CREATE DATABASE "{tpcb}"')
    server = None
    try:
        if PGBENCH is not None:
            await run_pgbench(base, "-i", "-q", "-s", "10", tpcb)
        await run_migrations(settings)
        server = await start_server(settings, args.workers, args.server_root.resolve())
        limits = httpx.Limits(max_connections=8, max_keepalive_connections=8)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{PORT}", limits=limits, timeout=30
        ) as http:
            shop = await seed(http, args.members)
        api_key, tenant, members = shop.api_key, shop.tenant, shop.members
        for hot in (False, True):
            await drive("warm-up", 8, 1, http_scenario(api_key, members, hot, mix=False))
        owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
        with contextlib.suppress(asyncpg.PostgresError):
            await owner.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        counters = ServerCounters(owner, name)
        tpcb_counters = ServerCounters(owner, tpcb)
        room = await room_for_clients(owner)
        pool = await asyncpg.create_pool(
            **database_credentials(settings.database_url or ""),
            min_size=1,
            max_size=min(max(client_counts), room // 2),
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

        lines = []
        for clients in client_counts:
            reference = None
            if PGBENCH is not None:
                n = min(clients, room // 2)
                reference = await tpcb_counters.measured(
                    lambda: pgbench(base, tpcb, n, args.seconds)  # noqa: B023
                )
                lines.append(reference.line())
            for hot in (False, True):
                where = "one hot wallet" if hot else f"{len(members)} wallets"
                call = await baseline_scenario(pool, tenant, wallets, sources, currency, hot)
                baseline = await counters.measured(
                    lambda: drive(f"asyncpg award, {where}", clients, args.seconds, call)  # noqa: B023
                )
                lines.append(baseline.line(None, reference))
                for mix in (False, True):
                    title = f"GraphQL {'award+deduct' if mix else 'awardPoints'}, {where}"
                    scenario = http_scenario(api_key, members, hot, mix)
                    result = await counters.measured(
                        lambda: drive(title, clients, args.seconds, scenario)  # noqa: B023
                    )
                    lines.append(result.line(baseline, reference))
            print(f"\n{clients} clients, {args.seconds:.0f} s per scenario, {os.cpu_count()} cores")
            print(HEADER)
            print("\n".join(lines))
            lines = []
        await pool.close()
        print((await verify_ledger(owner)).summary())
        await owner.close()
    finally:
        if server is not None:
            server.terminate()
            await server.wait()
        for database in (name, tpcb):
            await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    # The same event loop as the server's (uvicorn uses uvloop when it is installed).
    uvloop.run(main())
