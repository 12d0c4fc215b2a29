"""The `pointsmall` command: serve, migrate, demo, create-operator, export-schema, schema-check,
and the ledger, leaderboard, worker, settlement and Citus maintenance commands.

Each command imports what it runs when it runs: `pointsmall ledger verify` should not pay for
building the GraphQL schema and every domain (about 1.5 s of a cold start) before it opens one
connection.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.embedded import with_embedded_services
from app.core.logs import configure_logging
from app.core.settings import Settings, load_settings
from tenants.passwords import use_password_profile

if TYPE_CHECKING:
    from app.ledger.verify import Report
    from tenants.models import Tenant

# Logging is ours (JSON lines, one access line per request from the GraphQL endpoint).
UVICORN_LOGGING: dict[str, Any] = {"log_config": None, "access_log": False}


def _settings(redis: bool = True) -> Settings:
    settings = load_settings()
    configure_logging(settings.log_level)
    use_password_profile(settings.argon2_profile)
    return with_embedded_services(settings, redis=redis)


def serve(args: argparse.Namespace) -> None:
    import uvicorn

    from app.core.migrate import run_migrations
    from app.main import create_app

    settings = _settings()
    if args.migrate:
        asyncio.run(run_migrations(settings))
    print(f"Pointsmall on http://{args.host}:{args.port}/graphql")
    if args.workers == 1:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, **UVICORN_LOGGING)
        return
    # Worker processes read the settings from the environment: hand them the resolved URLs
    # (embedded servers included) and one JWT key, so a token minted by one verifies on all.
    os.environ.update(DATABASE_URL=settings.database_url or "", REDIS_URL=settings.redis_url or "")
    os.environ.setdefault("JWT_SECRET", settings.active_jwt_key.signing_key)
    uvicorn.run(
        "app.main:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        **UVICORN_LOGGING,
    )


def migrate(_: argparse.Namespace) -> None:
    from app.core.migrate import run_migrations

    placed = asyncio.run(run_migrations(_settings(redis=False)))
    print("Migrations applied.")
    for line in placed:
        print(f"Citus: {line}")


def citus_status_command(args: argparse.Namespace) -> None:
    asyncio.run(_citus_status(_settings(redis=False), args.first))


async def _citus_status(settings: Settings, first: int) -> None:
    import asyncpg

    from app.core.citus import FAN_OUT, biggest_tenants, is_coordinator, node_shards
    from app.core.db import database_credentials

    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        await connection.execute(FAN_OUT)
        if not await is_coordinator(connection):
            sys.exit("Not a Citus coordinator: one PostgreSQL holds every merchant.")
        print("node                  shards        size")
        for node in await node_shards(connection):
            print(f"{node.node:<20} {node.shards:>8} {node.bytes / 2**20:>8.1f} MB")
        print(f"\nbiggest merchants (ledger transfers), first {first}:")
        for tenant in await biggest_tenants(connection, first):
            print(f"{tenant.slug:<30} {tenant.rows:>10}  on {tenant.node}  ({tenant.tenant_id})")
    finally:
        await connection.close()


async def _with_orm(settings: Settings, work: Coroutine[Any, Any, object]) -> None:
    from tortoise import Tortoise

    from app.core.db import tortoise_config

    await Tortoise.init(config=tortoise_config(settings))
    try:
        await work
    finally:
        await Tortoise.close_connections()


def create_operator_command(args: argparse.Namespace) -> None:
    from tenants.errors import TenancyError
    from tenants.operators import create_operator

    settings = _settings(redis=False)
    password = os.environ.get("POINTSMALL_OPERATOR_PASSWORD") or getpass.getpass("Password: ")
    try:
        asyncio.run(_with_orm(settings, create_operator(args.email, password)))
    except TenancyError as error:
        sys.exit(f"{error.code}: {error.message}")
    print(f"Operator {args.email} created.")


def demo(args: argparse.Namespace) -> None:
    import uvicorn

    from app.core.migrate import run_migrations
    from app.demo import seed_demo
    from app.main import create_app

    settings = _settings()
    asyncio.run(run_migrations(settings))
    asyncio.run(_with_orm(settings, seed_demo(settings, f"http://{args.host}:{args.port}/graphql")))
    uvicorn.run(create_app(settings), host=args.host, port=args.port, **UVICORN_LOGGING)


def verify_command(args: argparse.Namespace) -> None:
    report = asyncio.run(_verify(_settings(redis=False), args.tenant))
    print(report.summary())
    sys.exit(0 if report.ok else 1)


async def _verify(settings: Settings, tenant_slug: str | None) -> Report:
    import asyncpg

    from app.core.db import database_credentials
    from app.ledger.verify import UnknownTenantError, tenant_of_slug, verify_ledger

    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        tenants = None if tenant_slug is None else [await tenant_of_slug(connection, tenant_slug)]
        return await verify_ledger(connection, tenants)
    except UnknownTenantError:
        sys.exit(f"No tenant with slug {tenant_slug!r}.")
    finally:
        await connection.close()


def worker_command(args: argparse.Namespace) -> None:
    from app.jobs.health import Address
    from app.jobs.worker import run_worker

    http = Address(args.host, args.port) if args.port is not None else None
    asyncio.run(run_worker(_settings(), args.concurrency, wait=not args.until_empty, http=http))


def expire_command(args: argparse.Namespace) -> None:
    settings = _settings(redis=False)
    asyncio.run(_with_orm(settings, _expire(args.tenant)))


async def _expire(tenant_slug: str | None) -> None:
    from app.core.progress import ProgressBar
    from app.ledger.expiry import count_due_wallets, expire_due_points

    """The expiry job for one tenant or all, with a progress bar. Interrupted, it can simply be
    run again: what expired stays expired and nothing expires twice."""
    for tenant in await _tenants(tenant_slug):
        bar = ProgressBar(await count_due_wallets(tenant.id), f"{tenant.slug}: wallets")
        bar.show()
        await expire_due_points(tenant.id, on_batch=bar.advance)
        bar.finish()


async def _tenants(tenant_slug: str | None) -> list[Tenant]:
    from app.core.db import platform_scope
    from tenants.models import Tenant

    async with platform_scope():
        query = Tenant.all() if tenant_slug is None else Tenant.filter(slug=tenant_slug)
        tenants = await query.order_by("slug")
    if not tenants:
        sys.exit(f"No tenant with slug {tenant_slug!r}.")
    return tenants


def leaderboard_rebuild_command(args: argparse.Namespace) -> None:
    settings = _settings()
    asyncio.run(_with_orm(settings, _rebuild_leaderboards(settings, args.tenant)))


async def _rebuild_leaderboards(settings: Settings, tenant_slug: str | None) -> None:
    from app.core.redis import connect_redis
    from app.ledger.leaderboard import rebuild as rebuild_leaderboard

    redis = connect_redis(settings.redis_url or "")
    for tenant in await _tenants(tenant_slug):
        members = await rebuild_leaderboard(redis, tenant.id)
        print(f"{tenant.slug}: {members} members on the leaderboards")
    await redis.aclose()


def leaderboard_prizes_command(args: argparse.Namespace) -> None:
    settings = _settings(redis=False)
    asyncio.run(_with_orm(settings, _pay_prizes(args.tenant, args.at)))


async def _pay_prizes(tenant_slug: str | None, at: str | None) -> None:
    from datetime import datetime

    from app.engagement.leaderboard_prizes import pay_closed_periods

    now = datetime.fromisoformat(at) if at else None
    for tenant in await _tenants(tenant_slug):
        paid = await pay_closed_periods(tenant.id, now)
        print(f"{tenant.slug}: {paid} leaderboard prizes paid")


def settlement_verify_command(_: argparse.Namespace) -> None:
    report = asyncio.run(_verify_settlement(_settings(redis=False)))
    print(report.summary())
    sys.exit(0 if report.ok else 1)


async def _verify_settlement(settings: Settings) -> Report:
    import asyncpg

    from app.core.db import database_credentials
    from app.settlement.verify import verify_settlement

    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        return await verify_settlement(connection)
    finally:
        await connection.close()


def export_schema(args: argparse.Namespace) -> None:
    from strawberry.printer import print_schema

    from schema.root import build_schema

    sdl = print_schema(build_schema(load_settings({"POINTSMALL_ENV": "development"}))) + "\n"
    if args.check:
        if Path(args.output).read_text(encoding="utf-8") != sdl:
            sys.exit(f"{args.output} is stale: run `pointsmall export-schema`.")
        return
    Path(args.output).write_text(sdl, encoding="utf-8")


def schema_check(args: argparse.Namespace) -> None:
    import subprocess

    from schema.evolution import baseline_commit, verdict

    changelog = Path(args.changelog).read_text(encoding="utf-8")
    commit = baseline_commit(changelog)
    if commit is None:
        sys.exit(f"{args.changelog} names no <!-- schema-baseline: <commit> -->.")
    shown = subprocess.run(  # noqa: S603 - a fixed git command on a commit id we parsed
        ["git", "show", f"{commit}:{args.schema}"],  # noqa: S607 - git from PATH
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if shown.returncode:
        sys.exit(f"Cannot read {args.schema} at {commit} (a shallow clone?): {shown.stderr}")
    found = verdict(shown.stdout, Path(args.schema).read_text(encoding="utf-8"), changelog)
    for note in found.dangerous:
        print(f"dangerous (not breaking): {note}")
    for change in found.unannounced:
        name = f"`{change.coordinate}`"
        print(f"BREAKING, not in {args.changelog}: {change.description} (name it {name})")
    for change in found.undeprecated:
        print(f"REMOVED without a deprecation first: {change.description}")
    if not found.ok:
        sys.exit(1)
    print(f"{args.schema}: no unannounced breaking change since {commit}")


def fetch_assets(_: argparse.Namespace) -> None:
    from schema.http import graphiql

    try:
        fetched = graphiql.fetch()
    except graphiql.AssetError as error:
        sys.exit(f"GraphiQL's files: {error}")
    print(f"GraphiQL's files: {len(fetched)} fetched, {len(graphiql.ASSETS)} in place.")


def healthcheck(args: argparse.Namespace) -> None:
    """The image's HEALTHCHECK: /healthz of the process in this container answers 200."""
    import urllib.error
    import urllib.request

    url = f"http://127.0.0.1:{args.port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as answer:
            healthy = answer.status == 200
    except (urllib.error.URLError, OSError) as error:
        sys.exit(f"{url}: {error}")
    if not healthy:
        sys.exit(f"{url}: not 200")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pointsmall", description=__doc__)
    commands = parser.add_subparsers(required=True, dest="command")
    for name, handler in (("serve", serve), ("demo", demo)):
        command = commands.add_parser(
            name, help=f"{name} the API (embedded PostgreSQL/Redis if no URL)"
        )
        command.add_argument("--host", default="127.0.0.1")
        command.add_argument("--port", type=int, default=8000)
        command.set_defaults(handler=handler, migrate=False)
    commands.choices["serve"].add_argument("--migrate", action="store_true", help="migrate first")
    commands.choices["serve"].add_argument(
        "--workers", type=int, default=1, help="worker processes (one per core is typical)"
    )
    commands.add_parser(
        "migrate", help="apply pending migrations (and distribute the tables on Citus)"
    ).set_defaults(handler=migrate)
    citus = commands.add_parser("citus", help="a Citus cluster's shards and merchants")
    citus_commands = citus.add_subparsers(required=True, dest="citus_command")
    status = citus_commands.add_parser("status", help="shards per node, the biggest merchants")
    status.add_argument("--first", type=int, default=10, help="how many merchants to list")
    status.set_defaults(handler=citus_status_command)
    operator = commands.add_parser("create-operator", help="create a platform operator")
    operator.add_argument("--email", required=True)
    operator.set_defaults(handler=create_operator_command)
    ledger = commands.add_parser("ledger", help="ledger maintenance")
    ledger_commands = ledger.add_subparsers(required=True, dest="ledger_command")
    verify = ledger_commands.add_parser("verify", help="check every ledger invariant")
    verify.add_argument("--tenant", help="only this tenant's slug")
    verify.set_defaults(handler=verify_command)
    expire = ledger_commands.add_parser(
        "expire", help="expire what is due now, with a progress bar (safe to re-run)"
    )
    expire.add_argument("--tenant", help="only this tenant's slug")
    expire.set_defaults(handler=expire_command)
    leaderboard = commands.add_parser("leaderboard", help="leaderboard maintenance")
    leaderboard_commands = leaderboard.add_subparsers(required=True, dest="leaderboard_command")
    rebuild = leaderboard_commands.add_parser(
        "rebuild", help="recompute the leaderboards in Redis from the ledger"
    )
    rebuild.add_argument("--tenant", help="only this tenant's slug")
    rebuild.set_defaults(handler=leaderboard_rebuild_command)
    prizes = leaderboard_commands.add_parser(
        "pay-prizes",
        help="pay the prizes of the weeks and months that closed (what the worker does hourly;"
        " safe to re-run)",
    )
    prizes.add_argument("--tenant", help="only this tenant's slug")
    prizes.add_argument("--at", help="as if it were this ISO 8601 time (default: now)")
    prizes.set_defaults(handler=leaderboard_prizes_command)
    worker = commands.add_parser("worker", help="run background jobs and periodic sweeps")
    worker.add_argument("--concurrency", type=int, default=4, help="jobs run at once")
    worker.add_argument(
        "--until-empty",
        action="store_true",
        help="run what is queued, then exit; defers no periodic sweep (for tests and drains)",
    )
    worker.add_argument(
        "--port",
        type=int,
        default=None,
        help="serve /metrics and /healthz on this port (the chart uses 9000); none by default",
    )
    worker.add_argument("--host", default="127.0.0.1", help="the address --port listens on")
    worker.set_defaults(handler=worker_command)
    settlement = commands.add_parser("settlement", help="settlement maintenance")
    settlement_commands = settlement.add_subparsers(required=True, dest="settlement_command")
    settlement_commands.add_parser("verify", help="check every settlement invariant").set_defaults(
        handler=settlement_verify_command
    )
    export = commands.add_parser("export-schema", help="write the SDL to schema.graphql")
    export.add_argument("--output", default="schema.graphql")
    export.add_argument("--check", action="store_true", help="fail when the file is stale")
    export.set_defaults(handler=export_schema)
    check = commands.add_parser(
        "schema-check",
        help="fail on a breaking SDL change since CHANGELOG.md's baseline it does not announce",
    )
    check.add_argument("--schema", default="schema.graphql")
    check.add_argument("--changelog", default="CHANGELOG.md")
    check.set_defaults(handler=schema_check)
    health = commands.add_parser(
        "healthcheck", help="exit 0 when /healthz on this host answers 200 (the image's check)"
    )
    health.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("HEALTH_PORT", "8000")),
        help="the port to ask (HEALTH_PORT, 8000 by default; the worker's is 9000)",
    )
    health.add_argument("--timeout", type=float, default=2.0)
    health.set_defaults(handler=healthcheck)
    commands.add_parser(
        "fetch-assets", help="fetch GraphiQL's files from the npm registry (checked by hash)"
    ).set_defaults(handler=fetch_assets)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    args.handler(args)
