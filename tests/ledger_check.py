"""`pointsmall ledger verify` from tests: every invariant, over the whole test database."""

from __future__ import annotations

import asyncpg

from app.core.db import database_credentials
from app.core.settings import Settings
from app.ledger.verify import verify_ledger


async def assert_ledger_ok(settings: Settings) -> None:
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        report = await verify_ledger(connection)
    finally:
        await connection.close()
    assert report.ok, report.summary()
