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

import asyncpg
import pytest

from app.core.citus import create_database, drop_database
from app.core.db import database_credentials
from app.core.embedded import with_embedded_services
from app.core.migrate import run_migrations
from app.core.settings import Settings, load_settings
from tests.conftest import suite_environment
from tests.ledger_check import assert_ledger_ok

CITUS_URL = os.environ.get("CITUS_URL")

if not CITUS_URL:
    pytest.skip("no Citus cluster (scripts/test-citus starts one)", allow_module_level=True)


@pytest.fixture(scope="session")
async def settings() -> AsyncIterator[Settings]:
    assert CITUS_URL is not None
    env = suite_environment()
    env.setdefault("CITUS_SHARD_COUNT", "8")
    env["DATABASE_URL"] = CITUS_URL
    base = with_embedded_services(load_settings(env))
    name = f"pointsmall_citus_{secrets.token_hex(4)}"
    try:
        url = await create_database(CITUS_URL, name)
        test_settings = dataclasses.replace(base, database_url=url)
        await run_migrations(test_settings)
        owner = await asyncpg.connect(**database_credentials(url))
        await owner.execute(
            f"ALTER DATABASE \"{name}\" SET citus.multi_task_query_log_level TO 'error'"
        )
        await owner.close()
        yield test_settings
        await assert_ledger_ok(test_settings, whole=True)
    finally:
        await drop_database(CITUS_URL, name)
