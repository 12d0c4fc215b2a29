"""Applying migrations/ with Tortoise's migration executor, one runner at a time; on a Citus
coordinator, then placing the tables (`app.core.citus.distribute`)."""

from __future__ import annotations

import asyncpg
from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate

from app.core.citus import distribute
from app.core.db import database_credentials, tortoise_config
from app.core.settings import Settings

# pg_advisory_lock key: two `pointsmall migrate` runs (say two Helm hooks) queue instead of racing.
MIGRATION_LOCK_KEY = 0x504F494E54534D4C


async def run_migrations(settings: Settings) -> list[str]:
    """Apply every pending migration as the database owner, holding the migration lock, then
    distribute the tables on Citus; returns what distributing did (nothing on PostgreSQL)."""
    assert settings.database_url is not None  # noqa: S101 - with_embedded_services fills it
    credentials = database_credentials(settings.database_url)
    lock_connection = await asyncpg.connect(**credentials)
    try:
        await lock_connection.execute("select pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        try:
            await migrate(config=tortoise_config(settings, as_app_role=False))
            return await distribute(lock_connection, settings.citus_shard_count)
        finally:
            await Tortoise.close_connections()
            await lock_connection.execute("select pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)
    finally:
        await lock_connection.close()
