"""The yearly clearing from the CLI: a progress bar, a kill half-way, a re-run that finishes the
job without expiring anything twice."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path
from uuid import UUID

import asyncpg
import httpx
import pytest

from app.core.db import database_credentials
from app.core.settings import Settings
from bench.clearing import POINTS_PER_LOT, seed_lots
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

POINTSMALL = str(Path(sys.executable).with_name("pointsmall"))
MEMBERS, LOTS = 1000, 3
# The bar once at least one batch of wallets is done: "] 200/1,000".
PROGRESSED = re.compile(rb"\] [1-9][\d,]*/1,000")


async def _expire(settings: Settings, slug: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "DATABASE_URL": settings.database_url or "", "LOG_LEVEL": "WARNING"}
    return await asyncio.create_subprocess_exec(
        POINTSMALL, "ledger", "expire", "--tenant", slug, env=env, stderr=asyncio.subprocess.PIPE
    )


@pytest.mark.subprocess
async def test_a_clearing_killed_half_way_finishes_on_a_rerun_without_doubles(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given 3,000 members holding 3 due lots each
    merchant = await sign_up(client)
    tenant = UUID(merchant.tenant_id)
    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        await seed_lots(owner, tenant, MEMBERS, LOTS)

        # when the CLI job is killed once its bar shows progress, then run again to the end
        first = await _expire(settings, merchant.slug)
        assert first.stderr is not None
        seen = b""
        while not PROGRESSED.search(seen):
            seen += await asyncio.wait_for(first.stderr.read(100), 60)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        swept = await owner.fetchval(
            "SELECT count(*) FROM journal WHERE tenant_id = $1 AND code = 'EXPIRE'", tenant
        )
        second = await _expire(settings, merchant.slug)
        _, bar = await asyncio.wait_for(second.communicate(), 120)

        # then every wallet expired exactly once, and the re-run only did what was left
        journals = await owner.fetchval(
            "SELECT count(*) FROM journal WHERE tenant_id = $1 AND code = 'EXPIRE'", tenant
        )
        breakage = await owner.fetchval(
            "SELECT sum(amount) FROM transfer WHERE tenant_id = $1 AND code = 'EXPIRE'", tenant
        )
    finally:
        await owner.close()
    assert 0 < swept < MEMBERS
    assert second.returncode == 0
    assert f"/{MEMBERS - swept:,} (100%".encode() in bar
    assert journals == MEMBERS
    assert breakage == MEMBERS * LOTS * POINTS_PER_LOT
    await assert_ledger_ok(settings)
