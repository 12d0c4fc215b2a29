"""The Redis client. Redis holds caches and counters only: losing it loses no points."""

from __future__ import annotations

from redis.asyncio import Redis

# Redis answers in well under a millisecond; a Redis that hangs must not hang requests with it.
TIMEOUT_SECONDS = 0.5


def connect_redis(url: str) -> Redis:
    return Redis.from_url(
        url,
        decode_responses=True,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
    )


def tenant_key(tenant_id: object, *parts: object) -> str:
    """A key with the tenant as Redis Cluster hash tag, so one tenant's keys share a slot."""
    return ":".join([f"{{t:{tenant_id}}}", *(str(part) for part in parts)])


_shared: list[Redis] = []


def share(client: Redis) -> None:
    """Make `client` the process's Redis for code that has no request at hand (the ledger's
    leaderboards); the API and the worker call it at start-up."""
    _shared[:] = [client]


def shared() -> Redis | None:
    return _shared[0] if _shared else None
