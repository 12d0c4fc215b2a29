"""Tortoise registration, connection settings and the tenant-scoped transaction.

Every request and job runs its queries in a transaction whose first statement sets
`app.tenant_id`; the row-level security policies of tenant-owned tables read it. The service
logs in with DATABASE_URL (often a superuser on a developer machine) but each pooled
connection starts as the restricted application role, so the policies apply to it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

import asyncpg
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from app.core import tenant_routing
from app.core.outages import is_outage
from app.core.settings import Settings
from app.core.tenant_routing import SCOPED_TENANT

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
    "app.checkout.models",
    "app.bulk.models",
]
APP_LABEL = "pointsmall"
# The restricted role every pooled connection runs as; created by the security migration.
APP_ROLE = "pointsmall_app"
CONNECTION = "default"
MAX_ATTEMPTS = 4
RETRYABLE = {"40P01", "40001"}  # deadlock_detected, serialization_failure
T = TypeVar("T")


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


class StatelessConnection(asyncpg.connection.Connection):  # type: ignore[misc]
    """A pooled connection of the app role, released without asyncpg's reset query.

    The app keeps no session state on a connection: the tenant is set per transaction
    (`SET LOCAL`), and nothing LISTENs, keeps a cursor or a session advisory lock
    (the migration lock has a connection of its own). The reset query (advisory unlock, CLOSE
    ALL, UNLISTEN, RESET ALL) was a round trip and a commit on every release, two per request;
    asyncpg still rolls back a transaction left open."""

    def get_reset_query(self) -> str:
        return ""


def tortoise_config(settings: Settings, *, as_app_role: bool = True) -> dict[str, Any]:
    """The Tortoise config; `as_app_role=False` is for migrations, which run as the owner."""
    if settings.database_url is None:
        raise ValueError("DATABASE_URL is not set and no embedded server was started")
    tenant_routing.install(MODEL_MODULES)
    credentials = database_credentials(settings.database_url)
    credentials.update(minsize=1, maxsize=settings.db_pool_size)
    if as_app_role:
        credentials["server_settings"] = {"role": APP_ROLE}
        credentials["connection_class"] = StatelessConnection
    return {
        "connections": {
            CONNECTION: {"engine": "tortoise.backends.asyncpg", "credentials": credentials}
        },
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": CONNECTION,
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def listener_credentials(settings: Settings) -> dict[str, Any]:
    """asyncpg credentials of a connection of the app role of its own (LISTEN)."""
    if settings.database_url is None:
        raise ValueError("DATABASE_URL is not set and no embedded server was started")
    return database_credentials(settings.database_url) | {"server_settings": {"role": APP_ROLE}}


@asynccontextmanager
async def transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """`in_transaction()`, leaving the task's connection as it found it when the connection
    dies under the transaction.

    Tortoise 1.1 makes a pooled transaction the task's connection before its BEGIN and resets
    that after releasing the connection; a BEGIN that fails on a lost connection never resets
    it (nor releases the connection), and a release that fails skips the reset. Either way
    every later query of the task used the dead transaction ("connection has been released
    back to the pool"), so one failover kept failing a worker's or a client's requests."""
    before = connections.get(CONNECTION)
    try:
        async with in_transaction() as connection:
            yield connection
    finally:
        current = connections.get(CONNECTION)
        if current is not before:
            connections.set(CONNECTION, before)
            await _release_lost(current)


async def _release_lost(client: BaseDBAsyncClient) -> None:
    """Give a lost transaction's connection back to its pool (asyncpg closes a dead one)."""
    pool = getattr(getattr(client, "_parent", None), "_pool", None)
    lost = getattr(client, "_connection", None)
    if pool is None or lost is None:
        return
    with suppress(Exception):  # it is dead already: nothing more can go wrong with it
        await pool.release(lost)


async def _set_tenant(connection: BaseDBAsyncClient, tenant: str) -> None:
    # SET LOCAL, not set_config(): Citus passes SET LOCAL on to the workers' connections in
    # the transaction (citus.propagate_set_commands, app/core/citus.py), where the row-level
    # security policies run. The value is a UUID's text (or empty), never the caller's input.
    await connection.execute_query(f"SET LOCAL app.tenant_id = '{tenant}'")


@asynccontextmanager
async def tenant_scope(tenant_id: UUID) -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction in which row-level security shows only `tenant_id`'s rows.

    Nested in another tenant's scope (work that spans the platform's books and a merchant's),
    it is a savepoint, and the outer tenant is set again when it ends."""
    tenant = str(UUID(str(tenant_id)))
    async with transaction() as connection:
        outer = SCOPED_TENANT.get()
        token = SCOPED_TENANT.set(tenant)
        try:
            await _set_tenant(connection, tenant)
            yield connection
            if outer is not None and outer != tenant:
                await _set_tenant(connection, outer)
        finally:
            SCOPED_TENANT.reset(token)


@asynccontextmanager
async def platform_scope() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction with no tenant set: tenant-owned tables show no rows at all."""
    async with transaction() as connection:
        token = SCOPED_TENANT.set("")
        try:
            await _set_tenant(connection, "")
            yield connection
        finally:
            SCOPED_TENANT.reset(token)


async def with_retries(work: Callable[[], Awaitable[T]], idempotent: bool = False) -> T:
    """Run `work`, a whole transaction, again after a deadlock or serialization failure, up to
    4 times in all. Only the outermost transaction retries: called inside one, `work` runs
    once and a failure goes up to whoever opened it (a savepoint cannot be retried alone).

    With `idempotent` (work under idempotency keys stored in its own transaction), a connection
    lost before the outcome was known is retried once more on a fresh connection: had the first
    attempt committed, the retry finds its keys and replays their outcome.

    Tortoise passes these through as asyncpg's own errors (and some others as OperationalError),
    so both are inspected for their SQLSTATE."""
    if inside_transaction():
        return await work()
    outage_retries = 1 if idempotent else 0
    for attempt in range(1, MAX_ATTEMPTS + 2):
        try:
            return await work()
        except Exception as exc:
            if is_outage(exc) and outage_retries:
                outage_retries -= 1
                continue
            if not isinstance(exc, OperationalError | asyncpg.PostgresError):
                raise
            if attempt >= MAX_ATTEMPTS or _sqlstate(exc) not in RETRYABLE:
                raise
    raise AssertionError("unreachable")


def inside_transaction() -> bool:
    """Whether this task is inside a transaction it (or its caller) opened."""
    try:
        return isinstance(connections.get(CONNECTION), TransactionalDBClient)
    except RuntimeError:  # Tortoise not started in this process: no transaction is open
        return False


def _sqlstate(exc: BaseException) -> str | None:
    while exc is not None:
        state = getattr(exc, "sqlstate", None)
        if state:
            return str(state)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return None
