"""Telling an outage from a bug: is an exception the database or Redis being unreachable?

A backend terminated by a failover or a restart, a pool that cannot connect, a socket that
breaks mid-request: the request did not fail because of what it asked, and a retry a moment
later may well work. Such failures are answered 503 SERVICE_UNAVAILABLE with `Retry-After`
(never a bare 500), and a point mutation, idempotent by its key, retries once on a fresh
connection. Anything else is a bug: masked as an internal error and logged with its request id.
Tortoise and redis-py wrap the drivers' errors, so the whole chain of causes is inspected.
"""

from __future__ import annotations

import asyncpg
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from tortoise.exceptions import DBConnectionError

RETRY_AFTER_SECONDS = 1
# Class 08 (connection exception), 57P01-57P03 (admin / crash shutdown, cannot connect now),
# 53300 (too many connections).
UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53300"}
# asyncpg's InternalClientError is a connection left mid-operation by a lost one: unusable too.
UNAVAILABLE_TYPES: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    DBConnectionError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)


def is_outage(error: BaseException | None) -> bool:
    """True when `error`, or anything that caused it, says a backing service is unreachable."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, UNAVAILABLE_TYPES):
            return True
        state = str(getattr(error, "sqlstate", "") or "")
        if state in UNAVAILABLE_STATES or state.startswith("08"):
            return True
        error = error.__cause__ or error.__context__
    return False
