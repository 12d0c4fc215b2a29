"""`pointsmall migrate` is safe to run twice at once and a second time."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import secrets
import sys
from pathlib import Path

import asyncpg
import pytest

from app.core.db import database_credentials
from app.core.settings import Settings
from tests.conftest import with_database

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


async def _migrate(target: Settings) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": target.database_url or "",
        "REDIS_URL": target.redis_url or "",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from app.cli import main; main()", "migrate", env=env
    )
    return await process.wait()


@pytest.mark.subprocess
async def test_concurrent_migrations_queue_on_the_lock_and_apply_once(settings: Settings) -> None:
    # given an empty database
    assert settings.database_url is not None
    name = f"pointsmall_migrate_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(**database_credentials(settings.database_url))
    await admin.execute(f'CREATE DATABASE "{name}"')
    target = dataclasses.replace(settings, database_url=with_database(settings.database_url, name))
    try:
        # when two `pointsmall migrate` processes race, and a third follows
        first = await asyncio.gather(_migrate(target), _migrate(target))
        assert list(first) == [0, 0]
        assert await _migrate(target) == 0

        # then every migration is recorded exactly once
        db = await asyncpg.connect(**database_credentials(target.database_url or ""))
        rows = await db.fetch("select name, count(*) as n from tortoise_migrations group by name")
        await db.close()
        on_disk = sorted(path.stem for path in MIGRATIONS.glob("0*.py"))
        assert sorted((row["name"], row["n"]) for row in rows) == [(name, 1) for name in on_disk]
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
