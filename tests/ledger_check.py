"""`pointsmall ledger verify` from tests: every invariant, over the whole test database."""

from __future__ import annotations

import asyncpg

from app.core.db import database_credentials
from app.core.settings import Settings
from app.ledger.verify import Report, verify_ledger

ROLLUP_CHECK = "analytics rollups equal the transfers, orders and purchases they sum"


async def ledger_report(settings: Settings) -> Report:
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        return await verify_ledger(connection)
    finally:
        await connection.close()


async def assert_ledger_ok(settings: Settings) -> None:
    report = await ledger_report(settings)
    assert report.ok, report.summary()
