"""The API on a Citus cluster: a coordinator and two workers (scripts/test-citus starts them and
names the coordinator in CITUS_URL). Each run makes its own database on every node, registers
the workers in it, and migrates it, which distributes the tables by merchant.

Every statement planned for more than one shard is an error in this database
(`citus.multi_task_query_log_level`), so a test passing here means each of its statements in a
tenant's scope went to one shard; the operator-wide reads that fan out on purpose say so
(`app.core.citus.FAN_OUT`).

Without CITUS_URL these tests are skipped (CI sets it: scripts/test runs scripts/test-citus).
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from app.core.db import database_credentials
from app.core.embedded import with_embedded_services
from app.core.migrate import run_migrations
from app.core.settings import Settings, load_settings
from tests.conftest import TEST_JWT_SECRET
from tests.ledger_check import assert_ledger_ok

CITUS_URL = os.environ.get("CITUS_URL")

if not CITUS_URL:
    pytest.skip("no Citus cluster (scripts/test-citus starts one)", allow_module_level=True)


def _at(url: str, host: str, port: int, database: str) -> str:
    parts = urlsplit(url)
    user = parts.username or "postgres"
    return urlunsplit(parts._replace(netloc=f"{user}@{host}:{port}", path=f"/{database}"))


async def _nodes(admin: asyncpg.Connection) -> list[tuple[str, int]]:
    rows = await admin.fetch(
        "SELECT nodename, nodeport FROM pg_dist_node WHERE noderole = 'primary' ORDER BY groupid"
    )
    return [(row["nodename"], row["nodeport"]) for row in rows]


@pytest.fixture(scope="session")
async def settings() -> AsyncIterator[Settings]:
    assert CITUS_URL is not None
    env = dict(os.environ)
    env.setdefault("POINTSMALL_DATA_DIR", str(Path(".data") / "test"))
    env["JWT_SECRET"] = TEST_JWT_SECRET
    env["RATE_LIMIT_PER_MINUTE"] = "1000"
    env.setdefault("PASSWORD_HASH_PROFILE", "CHEAPEST")
    env.setdefault("SIGN_UPS_PER_ADDRESS", "100000")
    env.setdefault("CITUS_SHARD_COUNT", "8")
    env["DATABASE_URL"] = CITUS_URL
    base = with_embedded_services(load_settings(env))
    name = f"pointsmall_citus_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(**database_credentials(CITUS_URL))
    coordinator, *workers = await _nodes(admin)
    await admin.close()
    urls = [_at(CITUS_URL, host, port, name) for host, port in [coordinator, *workers]]
    for host, port in [coordinator, *workers]:
        node = await asyncpg.connect(**database_credentials(_at(CITUS_URL, host, port, "postgres")))
        await node.execute(f'CREATE DATABASE "{name}"')
        await node.close()
        created = await asyncpg.connect(**database_credentials(_at(CITUS_URL, host, port, name)))
        await created.execute("CREATE EXTENSION citus")
        await created.close()
    test_settings = dataclasses.replace(base, database_url=urls[0])
    owner = await asyncpg.connect(**database_credentials(urls[0]))
    await owner.execute("SELECT citus_set_coordinator_host($1, $2)", *coordinator)
    for host, port in workers:
        await owner.execute("SELECT citus_add_node($1, $2)", host, port)
    try:
        await run_migrations(test_settings)
        await owner.execute(
            f"ALTER DATABASE \"{name}\" SET citus.multi_task_query_log_level TO 'error'"
        )
        yield test_settings
        await assert_ledger_ok(test_settings, whole=True)
    finally:
        await owner.close()
        for node_host, node_port in [coordinator, *workers]:
            admin_url = _at(CITUS_URL, node_host, node_port, "postgres")
            node = await asyncpg.connect(**database_credentials(admin_url))
            await node.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await node.close()
