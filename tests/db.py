"""Reading the database from tests: through the tenant's scope the way the app does, or as
its owner to look across every tenant's rows."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg
from tortoise.models import Model

from app.core.db import database_credentials, tenant_scope
from app.core.settings import Settings

TENANT_TABLES = """SELECT table_name FROM information_schema.columns
  WHERE table_schema = 'public' AND column_name = 'tenant_id' AND table_name <> 'tenant'"""


async def count_in_tenant(model: type[Model], tenant_id: str | UUID, **filters: Any) -> int:
    async with tenant_scope(UUID(str(tenant_id))):
        return await model.filter(**filters).count()


async def rows_naming(settings: Settings, tenant_id: str, ids: list[str]) -> dict[str, int]:
    """Per table, how many rows of `tenant_id` mention any of `ids` in any column."""
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        tables = [row["table_name"] for row in await connection.fetch(TENANT_TABLES)]
        patterns = [f"%{value}%" for value in ids]
        found = {}
        for table in tables:
            count = await connection.fetchval(
                f'SELECT count(*) FROM "{table}" AS row'
                " WHERE tenant_id = $1 AND row_to_json(row)::text LIKE ANY($2)",
                UUID(tenant_id),
                patterns,
            )
            if count:
                found[table] = count
        return found
    finally:
        await connection.close()
