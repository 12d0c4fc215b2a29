"""Tortoise registration, connection settings and the tenant-scoped transaction.

Every request and job runs its queries in a transaction whose first statement sets
`app.tenant_id`; the row-level security policies of tenant-owned tables read it. The service
logs in with DATABASE_URL (often a superuser on a developer machine) but each pooled
connection starts as the restricted application role, so the policies apply to it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from app.core.settings import Settings

MODEL_MODULES = [
    "app.core.models",
    "tenants.models",
    "app.ledger.models",
    "app.members.models",
    "app.earning.models",
    "app.tiers.models",
    "app.catalog.models",
    "app.redemption.models",
    "app.exchange.models",
    "app.settlement.models",
    "app.webhooks.models",
    "app.engagement.models",
]
APP_LABEL = "pointsmall"
# The restricted role every pooled connection runs as; created by the security migration.
APP_ROLE = "pointsmall_app"


def database_credentials(url: str) -> dict[str, Any]:
    """asyncpg credentials from a postgres URL, including `?host=/socket/dir` forms."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, got scheme {parts.scheme!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "host": query.get("host") or parts.hostname or "127.0.0.1",
        "port": int(query.get("port") or parts.port or 5432),
        "user": unquote(parts.username or "postgres"),
        "password": unquote(parts.password or ""),
        "database": parts.path.lstrip("/") or "postgres",
    }


def tortoise_config(settings: Settings, *, as_app_role: bool = True) -> dict[str, Any]:
    """The Tortoise config; `as_app_role=False` is for migrations, which run as the owner."""
    if settings.database_url is None:
        raise ValueError("DATABASE_URL is not set and no embedded server was started")
    credentials = database_credentials(settings.database_url)
    credentials.update(minsize=1, maxsize=settings.db_pool_size)
    if as_app_role:
        credentials["server_settings"] = {"role": APP_ROLE}
    return {
        "connections": {
            "default": {"engine": "tortoise.backends.asyncpg", "credentials": credentials}
        },
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


@asynccontextmanager
async def tenant_scope(tenant_id: UUID) -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction in which row-level security shows only `tenant_id`'s rows.

    Nested in another tenant's scope (work that spans the platform's books and a merchant's),
    it is a savepoint, and the outer tenant is set again when it ends."""
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "WITH outer_scope AS (SELECT current_setting('app.tenant_id', true) AS tenant)"
            " SELECT tenant, set_config('app.tenant_id', $1, true) FROM outer_scope",
            [str(tenant_id)],
        )
        yield connection
        outer = rows[0]["tenant"]
        if outer and outer != str(tenant_id):
            await connection.execute_query("select set_config('app.tenant_id', $1, true)", [outer])


@asynccontextmanager
async def platform_scope() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction with no tenant set: tenant-owned tables show no rows at all."""
    async with in_transaction() as connection:
        await connection.execute_query("select set_config('app.tenant_id', '', true)")
        yield connection
