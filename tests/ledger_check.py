"""`pointsmall ledger verify` from tests.

A test checks the tenants its module made (ids are UUIDv7, so "made since the module started"
is an id range) and the platform's books; the session ends with one check of the whole
database. Each check then costs what the module wrote, however long the run has grown.
"""

from __future__ import annotations

import time
from uuid import UUID

import asyncpg

from app.core.db import database_credentials
from app.core.platform_tenant import PLATFORM_TENANT_ID
from app.core.settings import Settings
from app.ledger.verify import Report, verify_ledger

ROLLUP_CHECK = "analytics rollups equal the transfers, orders and purchases they sum"

_module_start = UUID(int=0)


def start_module() -> None:
    """From now on, a check covers the tenants made after this millisecond."""
    global _module_start
    _module_start = UUID(int=(time.time_ns() // 1_000_000 - 1) << 80)


async def ledger_report(settings: Settings, *, whole: bool = False) -> Report:
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        if whole:
            return await verify_ledger(connection)
        tenants = await connection.fetch(
            "SELECT id FROM tenant WHERE id >= $1 OR id = $2", _module_start, PLATFORM_TENANT_ID
        )
        return await verify_ledger(connection, [row["id"] for row in tenants])
    finally:
        await connection.close()


async def assert_ledger_ok(settings: Settings, *, whole: bool = False) -> None:
    report = await ledger_report(settings, whole=whole)
    assert report.ok, report.summary()
